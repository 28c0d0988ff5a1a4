"""Stage 4: facts. Read relations from the sentences of an article, with their evidence.

    context.py        sentences with their mentions and entities, shared by the readers
    relate.py         the entry point: structure, events, origins, policies; composes the rest
    posts.py          who holds which post in which organisation
    statements.py     who said what, when, at which event
    figures.py        reported figures, as statistics report them
    figure_values.py  what the figure readers share: value patterns, words, reading state
    indicators.py     the indicator a figure is named by
    numbers.py        amounts, percentages and changes as exact values
    periods.py        dates and periods against the article's date
"""
