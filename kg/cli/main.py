"""The ``kg`` command: a thin layer over the Python API.

Every command parses its options, calls one library function and turns the
library's exceptions into one clear line on stderr and an exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.cli.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Commands, command, positive_int
from kg.cli.graph import add_export, add_query, add_serve, add_stats, add_validate
from kg.errors import KgError, NotAnArticle
from kg.version import __version__

if TYPE_CHECKING:
    from kg.recognize.settings import RecognizerSettings


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args) or EXIT_OK)
    except KgError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("kg: interrupted; outputs already written are intact", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build a knowledge graph (RDF + an interactive page) from Chinese news articles.",
        epilog="Run 'kg COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for register in (add_build, add_ingest, add_extract, add_eval, add_train, add_query, add_validate, add_stats, add_export, add_serve):
        register(commands)
    return parser


def add_model_option(sub: argparse.ArgumentParser) -> None:
    model = sub.add_mutually_exclusive_group()
    model.add_argument("--no-model", action="store_true",
                       help="recognise with the rules alone, without the trained NER model (faster, fewer names in no list)")
    model.add_argument("--model", metavar="DIR", help="the NER model in DIR (written by `kg train --out DIR`) instead of the shipped one")


def recognizer_settings(args: argparse.Namespace) -> RecognizerSettings:
    """The recogniser the options choose: the model or not, the user's rules files."""
    from kg.recognize.settings import RecognizerSettings

    return RecognizerSettings(
        model=not args.no_model, model_directory=args.model,
        gazetteers=getattr(args, "gazetteer", ()), patterns=getattr(args, "patterns", ()),
    )


# --- build ----------------------------------------------------------------------


def add_build(commands: Commands) -> None:
    from kg.graph.export import FORMATS

    sub = command(
        commands,
        "build",
        run_build,
        "build the graph of a folder of articles",
        "Read every article under PATH (Markdown with front matter, HTML, text; JSON Lines,\n"
        "JSON and CSV/TSV with one article a record; zip and tar archives of these; '-' for\n"
        "standard input), extract entities and facts, and write to the output folder:\n"
        "  graph.ttl    the knowledge graph in Turtle (and other --format files)\n"
        "  graph.html   an interactive graph page that works offline\n"
        "  report.json  what was read and built, what failed and why, seconds per stage\n"
        "Exit status: 0 when every article was built, 1 when any failed (the outputs are\n"
        "still written for the others), 2 when no PATH exists.",
    )
    sub.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders (walked recursively), archives, or - for standard input")
    sub.add_argument(
        "-o", "--out", default="out", metavar="DIR",
        help="output folder (default: out); its outputs are replaced all at once at the end, your own files in it kept",
    )
    sub.add_argument(
        "-f", "--format", action="append", choices=sorted(FORMATS), dest="formats",
        help="RDF format to write; repeat for several (default: turtle)",
    )
    sub.add_argument("--no-html", action="store_true", help="do not write graph.html")
    sub.add_argument(
        "--gazetteer", action="append", default=[], metavar="FILE.jsonl",
        help="your own gazetteer (JSON Lines, as in kg/data/gazetteer/), added to the shipped ones; repeatable",
    )
    sub.add_argument("--patterns", action="append", default=[], metavar="FILE.yaml",
                     help="your own pattern rules (YAML, as kg/data/patterns.yaml), added to the shipped ones; repeatable")
    sub.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N", help="extract in N processes (default: 1)")
    sub.add_argument(
        "--engine", choices=("local", "dask"), default="local",
        help="local processes (default), or a Dask cluster: see --scheduler; writes OUT/partitions/*.nq too",
    )
    sub.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); default: a LocalCluster of --jobs workers")
    sub.add_argument(
        "--cache", metavar="DIR", nargs="?", const="", default=None,
        help="keep each article's extraction in DIR (default with no DIR: OUT/.kg-cache) so that a rebuild "
        "re-extracts only changed articles",
    )
    sub.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help="progress bar: auto shows it on a terminal only (default: auto)")
    add_model_option(sub)
    add_field_options(sub)


def run_build(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    if no_inputs(args.paths):
        return EXIT_USAGE
    settings = recognizer_settings(args)
    progress, close = progress_bar(args.progress)
    try:
        cache = None if args.cache is None else (args.cache or str(Path(args.out) / ".kg-cache"))
        engine = None
        if args.engine == "dask":
            from kg.pipeline import DaskEngine

            engine = DaskEngine(scheduler=args.scheduler, workers=args.jobs, partitions_dir=Path(args.out) / "partitions")
        result = build(
            args.paths, args.out, formats=args.formats or ["turtle"], html=not args.no_html,
            jobs=args.jobs, engine=engine, cache_dir=cache, keep_articles=False, progress=progress,
            settings=settings,
            fields=field_map(args),
        )
    finally:
        close()
    report = result.report
    for failure in report["failures"]:
        print(f"kg: {failure['path']}: {failure['reason']}", file=sys.stderr)
    for skipped in report["skipped"]:
        print(f"kg: note: {skipped['path']}: {skipped['reason']}", file=sys.stderr)
    articles = report["articles"]
    summary = (
        f"built {articles['built']} articles, {report['entities']['total']} entities, "
        f"{report['triples']} triples in {report['seconds']['total']:.1f}s -> {args.out}/"
    )
    if result.ok:
        print(summary)
        return EXIT_OK
    print(summary, file=sys.stderr)
    print(f"kg: {articles['failed']} input(s) failed; see {Path(args.out) / 'report.json'}", file=sys.stderr)
    return EXIT_FAILED


def add_field_options(sub: argparse.ArgumentParser) -> None:
    from kg.read.records import PARTS, common_names, flag

    group = sub.add_argument_group(
        "fields of JSON and CSV records",
        "Each part is looked up among the common field names (kg/data/record_fields.yaml); name it where yours differs.",
    )
    for part in PARTS:
        examples = ", ".join(common_names()[part][:4])
        group.add_argument(flag(part), dest=f"{part}_field", metavar="NAME", help=f"the field holding the {part} (default: the first of {examples}...)")


def field_map(args: argparse.Namespace) -> Any:
    from kg.read.records import PARTS, FieldMap

    return FieldMap(**{part: getattr(args, f"{part}_field") for part in PARTS})


def no_inputs(paths: list[str]) -> bool:
    """Whether none of the paths exists: a usage error, said once per path, not an empty build."""
    from kg.read.sources import missing_inputs

    problems = missing_inputs(paths)
    if problems and len(problems) == len(paths):
        for problem in problems:
            print(f"kg: error: {problem}", file=sys.stderr)
        return True
    return False


def progress_bar(mode: str) -> tuple[Callable[[str, int], None] | None, Callable[[], None]]:
    if mode == "never" or (mode == "auto" and not sys.stderr.isatty()):
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)

    def update(path: str, _built: int) -> None:
        bar.set_postfix_str(Path(path).name[-30:], refresh=False)
        bar.update(1)

    return update, bar.close


# --- ingest ------------------------------------------------------------------------


def add_ingest(commands: Commands) -> None:
    sub = command(
        commands,
        "ingest",
        run_ingest,
        "print a cleaned article as JSON",
        "Print what the extractor sees of an article: its cleaned text (the text every\n"
        "offset indexes) and its metadata, as JSON; one object for each article of a\n"
        "file of records, an archive or a folder.",
    )
    sub.add_argument("paths", nargs="+", metavar="PATH", help="an article file, a file of records, an archive, a folder, or - for standard input")
    add_field_options(sub)


def run_ingest(args: argparse.Namespace) -> int:
    from kg.read.sources import read_inputs

    if no_inputs(args.paths):
        return EXIT_USAGE
    status = EXIT_OK
    for item in read_inputs(args.paths, field_map(args)):
        if isinstance(item, NotAnArticle):
            print(f"kg: note: {item}", file=sys.stderr)
            continue
        if isinstance(item, KgError):
            print(f"kg: error: {item}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        print(json.dumps(article_json(item), ensure_ascii=False, indent=2))
    return status


def article_json(article: Any) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "publisher": article.publisher,
        "source": article.source,
        "original_title": article.original_title,
        "url": article.url,
        "categories": list(article.categories),
        "credits": [{"role": c.role, "name": c.name} for c in article.credits],
        "warnings": list(article.warnings),
        "text": article.text,
    }


# --- extract --------------------------------------------------------------------------


def add_extract(commands: Commands) -> None:
    sub = command(
        commands,
        "extract",
        run_extract,
        "print the entities found in articles",
        "Print one JSON line per article with every mention found: its text, label,\n"
        "offsets into the text 'kg ingest' prints, the entity IRI and canonical name.",
    )
    sub.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders, archives, or - for standard input")
    sub.add_argument("--format", choices=("jsonl",), default="jsonl", help="output format (default: jsonl)")
    add_model_option(sub)
    add_field_options(sub)


def run_extract(args: argparse.Namespace) -> int:
    from kg.pipeline import extract_records

    if no_inputs(args.paths):
        return EXIT_USAGE
    status = EXIT_OK
    for item in extract_records(args.paths, field_map(args), recognizer_settings(args)):
        if isinstance(item, NotAnArticle):
            print(f"kg: note: {item}", file=sys.stderr)
            continue
        if isinstance(item, KgError):
            print(f"kg: error: {item}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        print(json.dumps(item, ensure_ascii=False))
    return status


# --- eval -------------------------------------------------------------------------------


def add_eval(commands: Commands) -> None:
    sub = command(
        commands,
        "eval",
        run_eval,
        "score extraction against gold annotations",
        "Score kg's recogniser against GOLD: precision, recall and F1 per label and overall\n"
        "(exact span and label), and a document-level score over (canonical name, label).\n"
        "GOLD is JSON Lines in the shape 'kg extract' prints (the articles are read again\n"
        "from each record's path), or with --conll a character-level BIO/BIOES file\n"
        "(PER/LOC/ORG), as in the common Chinese NER test sets. With --pages, score a reader of\n"
        "whole saved news pages against a page gold instead.",
    )
    sub.add_argument("gold", metavar="GOLD", nargs="?", help="gold JSONL file, or a BIO file with --conll, or figure gold with --figures")
    sub.add_argument("--pages", metavar="GOLD.jsonl",
                     help="score a reader of whole saved pages on a page gold (tests/pages/gold.jsonl): body F1 over "
                     "character bigrams, title, date and outlet right, credits found, list pages detected, pages per second")
    sub.add_argument("--reader", default="kg", metavar="NAME",
                     help="with --pages: the reader to score: kg (default), kg-today, trafilatura, readability-lxml, gne, "
                     "justext, boilerpy3, goose3, newspaper4k, resiliparse (the libraries must be installed)")
    sub.add_argument("--conll", action="store_true", help="GOLD is a character-level BIO/BIOES file")
    sub.add_argument("--figures", action="store_true",
                     help="GOLD is figure gold (tests/gold/figures.yaml): score reported figures per split")
    sub.add_argument("--split", action="append", metavar="NAME",
                     help="score only the gold items of this split (dev, test...); repeatable")
    sub.add_argument("--strict-indicators", action="store_true",
                     help="with --figures: the indicator match before issue 22's fourth pass (no rate attribute "
                     "or place of the figure set aside; kg/evaluation/figures.py)")
    sub.add_argument("--labels", help="comma-separated labels to score (default: all in the gold)")
    sub.add_argument("--errors", type=int, default=0, metavar="N", help="also print the first N missed or spurious spans")
    sub.add_argument("--json", action="store_true", help="print the scores as JSON")
    sub.add_argument("--facts", choices=("auto", "yes", "no"), default="auto",
                     help="also score posts and statements (auto: when the gold has them)")
    sub.add_argument("--by-outlet", action="store_true",
                     help="also score each news outlet of the gold (a record's 'source', as in tests/gold/corpus/corpus.jsonl) on its own")
    sub.add_argument("--by-source", action="store_true",
                     help="also count, for each source (gazetteer, pattern:RULE, model...), the true and false spans it found")
    add_model_option(sub)


def run_eval(args: argparse.Namespace) -> int:
    from kg.evaluation.scoring import evaluate_conll, evaluate_gold

    if args.pages:
        return run_eval_pages(args)
    if not args.gold:
        raise KgError("kg eval: name a GOLD file (or --pages GOLD.jsonl)")
    settings = recognizer_settings(args)
    if args.figures:
        return run_eval_figures(args, settings)
    labels = args.labels.split(",") if args.labels else None
    if args.conll:
        evaluation = evaluate_conll(args.gold, settings=settings)
    else:
        evaluation = evaluate_gold(args.gold, labels=labels, splits=args.split, settings=settings)
    summary = evaluation.summary()
    facts = None if args.conll else run_fact_eval(args, settings)
    if facts is not None:
        summary["facts"] = facts.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{'label':<10}{'precision':>10}{'recall':>10}{'f1':>8}{'gold':>7}{'found':>7}")
        rows = [*summary["by_label"].items(), ("overall", summary["overall"])]
        if summary["documents"]["gold"]:
            rows.append(("documents", summary["documents"]))
        for label, s in rows:
            print(f"{label:<10}{s['precision']:>10.3f}{s['recall']:>10.3f}{s['f1']:>8.3f}{s['gold']:>7}{s['predicted']:>7}")
        if args.by_outlet:
            print(f"\n{'outlet':<24}{'precision':>10}{'recall':>10}{'f1':>8}{'doc f1':>8}{'gold':>7}")
            for outlet, s in summary["by_outlet"].items():
                o = s["overall"]
                print(f"{outlet:<24}{o['precision']:>10.3f}{o['recall']:>10.3f}{o['f1']:>8.3f}{s['documents']['f1']:>8.3f}{o['gold']:>7}")
        if args.by_source:
            print(f"\n{'source':<32}{'true':>7}{'false':>7}{'precision':>10}")
            for source, s in summary["by_source"].items():
                print(f"{source:<32}{s['true']:>7}{s['false']:>7}{s['precision']:>10.3f}")
        if facts is not None:
            print_fact_scores(summary["facts"])
    for error in evaluation.errors[: args.errors]:
        print(json.dumps(error, ensure_ascii=False), file=sys.stderr)
    if facts is not None:
        for error in facts.errors[: args.errors]:
            print(json.dumps(error, ensure_ascii=False), file=sys.stderr)
    return EXIT_OK


def run_eval_pages(args: argparse.Namespace) -> int:
    from kg.evaluation.pages import evaluate_pages, print_page_table

    evaluation = evaluate_pages(args.pages, args.reader)
    if args.json:
        print(json.dumps({"summary": evaluation.summary(), "pages": [p.as_dict() for p in evaluation.pages]}, ensure_ascii=False, indent=2))
    else:
        print(print_page_table(evaluation))
    return EXIT_OK


def run_eval_figures(args: argparse.Namespace, settings: RecognizerSettings) -> int:
    from kg.evaluation.figures import evaluate_figures

    result = evaluate_figures(args.gold, args.split, settings, lenient=not args.strict_indicators)
    if args.json:
        print(json.dumps(result["splits"], ensure_ascii=False, indent=2))
    else:
        print(f"{'split':<10}{'precision':>10}{'recall':>10}{'f1':>8}{'gold':>7}{'found':>7}{'period':>8}{'whole':>7}")
        for name, s in sorted(result["splits"].items(), key=lambda item: (item[0] == "overall", item[0])):
            print(f"{name:<10}{s['precision']:>10.3f}{s['recall']:>10.3f}{s['f1']:>8.3f}{s['gold']:>7}{s['predicted']:>7}"
                  f"{s['period_right']:>8.3f}{s['whole_right']:>7.3f}")
    for error in result["errors"][: args.errors]:
        print(json.dumps(error, ensure_ascii=False), file=sys.stderr)
    return EXIT_OK


def run_fact_eval(args: argparse.Namespace, settings: RecognizerSettings):
    """Posts and statements scored when asked, or (auto) when the gold records carry them."""
    from kg.evaluation.facts import evaluate_fact_gold, has_facts
    from kg.evaluation.scoring import read_jsonl

    if args.facts == "no" or (args.facts == "auto" and not any(has_facts(r) for r in read_jsonl(args.gold))):
        return None
    return evaluate_fact_gold(args.gold, splits=args.split, settings=settings)


def print_fact_scores(facts: dict) -> None:
    print(f"\n{'facts':<10}{'precision':>10}{'recall':>10}{'f1':>8}{'gold':>7}{'found':>7}   ({facts['articles']} articles)")
    for name in ("posts", "speakers", "officials"):
        s = facts[name]
        print(f"{name:<10}{s['precision']:>10.3f}{s['recall']:>10.3f}{s['f1']:>8.3f}{s['gold']:>7}{s['predicted']:>7}")
    right = facts["organization_right"]
    print(f"organisation right in {right['right']} of {right['of']} posts found ({right['share']:.3f})")


# --- train -------------------------------------------------------------------------------


def add_train(commands: Commands) -> None:
    sub = command(
        commands,
        "train",
        run_train,
        "train the statistical NER model from public NER data",
        "Fit the character CRF that finds names in no list (kg/recognize/ner.py) on MSRA NER and\n"
        "CLUENER2020 (how: kg/data/ner/train.yaml), print each iteration's loss and dev\n"
        "scores, and write the model where kg loads it (kg/data/ner/) or to --out.\n"
        "Needs python-crfsuite (pip install 'kg[train]'). The same data and settings give\n"
        "the same model.\n\n"
        "example: kg train --data ../shared/ner-train --limit 2000 --out /tmp/model",
    )
    sub.add_argument("--data", default="../shared/ner-train", metavar="DIR",
                     help="folder of the training sets (default: ../shared/ner-train)")
    sub.add_argument("--out", metavar="DIR", help="where to write the model (default: the package's kg/data/ner/)")
    sub.add_argument("--config", metavar="FILE.yaml", help="training settings (default: kg/data/ner/train.yaml)")
    sub.add_argument("--limit", type=positive_int, metavar="N", help="train on the first N sentences only (after the seeded shuffle)")
    sub.add_argument("--iterations", type=positive_int, metavar="N", help="at most N iterations (default: the config's)")


def run_train(args: argparse.Namespace) -> int:
    from kg.evaluation.train import train

    train(args.data, args.out, config_path=args.config, limit=args.limit, max_iterations=args.iterations,
          log=lambda line: print(line, flush=True))
    return EXIT_OK


# query, validate, stats, export and serve: in kg/cli/graph.py

