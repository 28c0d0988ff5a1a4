"""Using a built graph: SPARQL queries, the store, the endpoint and SHACL validation.

    store.py     graph files read into Oxigraph, in memory or kept on disk
    queries.py   the shipped competency queries and any SELECT, as tables
    serve.py     ``kg serve``: a read-only SPARQL 1.1 endpoint
    workers.py   the processes its queries run in, killed on a timeout or a lost client
    validate.py  the SHACL shapes checked over a graph
"""

from kg.query.queries import format_result, query_text, run_query, shipped_queries

__all__ = ["format_result", "query_text", "run_query", "shipped_queries"]
