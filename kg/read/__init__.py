"""Stage 1: articles. Find the inputs, read each unit and clean it into an ``Article``.

    sources.py   files, folders, archives, records and standard input -> units
    archives.py  zip and tar members, safely
    records.py   JSON Lines, JSON and CSV records: which field is what
    clean.py     one unit -> Article: decoding, front matter, text, metadata
    cleaning.py  the reader's rules (cleaning.yaml)
    html.py      an HTML fragment's metadata and visible text
    page.py      a whole saved web page: the article inside it, or NotAnArticle for a list page
    page_meta.py a whole page's headline, outlet, printed time, byline (pages.yaml, outlets.yaml)
    lines.py     spaces, invisible characters and credit lines
    metadata.py  publication time, content id, URL
"""
