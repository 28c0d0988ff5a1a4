"""Stage 5: the graph. Facts as RDF in standard vocabularies, and the RDF files.

    iri.py     the one place IRIs are minted
    vocab.py   the vocabularies, closed namespaces
    rdf.py     an article's statements as N-Quads lines; the merged entities'
    spool.py   lines sorted and deduplicated on disk, a bucket at a time
    export.py  Turtle, TriG, N-Quads, N-Triples, JSON-LD, written atomically
    outputs.py a build's output folder replaced in one step (a new generation swapped in)
"""
