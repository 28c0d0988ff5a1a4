"""Measuring and training: scores against gold, and the NER model's training.

    scoring.py  entity precision, recall and F1 (JSONL gold, CoNLL files, by source)
    facts.py    posts and statements against gold
    figures.py  figures against the figure gold
    train.py    ``kg train``: the CRF fitted on public NER data
"""
