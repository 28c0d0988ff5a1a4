"""Statements: who said what, read sentence by sentence.

A speaker is a person or an organisation named before a reporting verb
(任鸿斌表示, 外交部表示, 法院认为), or an unnamed official of an organisation
(银保监会相关负责人表示, 国务院港澳办发言人指出: the organisation speaks through
the official, whose title is kept). Later references stand for the speaker
before them: a pronoun (他表示) for the last speaker, a title (该负责人,
这位发言人) for the last official with that title. The words said are the
quotation before the speaker (“……”，X说) or the clause after the verb.
Verbs, officials' titles, references and the words that keep a name from
being a speaker (向外交部表示: the ministry is spoken to) are data
(``relations.yaml``, section ``statements``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kg.facts import speaker_model
from kg.recognize.latin import PARTICLES, latin_candidates
from kg.recognize.rules import load_lexicon
from kg.resources import alternation, data_path, load_yaml
from kg.text import to_simplified, trie_regex
from kg.types import Entity, Mention, Relation, Statement

if TYPE_CHECKING:
    from kg.facts.context import Context, Sentence

SPEAKER_LABELS = ("PERSON", "ORG")
# The name as written abroad, accents included, and what the gloss adds (朔伊布勒（Wolfgang Schäuble）,
# 诺沃特尼（Pavel Novotný）, 乐国富（RECOF，位于东京）).
FOREIGN_GLOSS = re.compile(r"\s*[（(]\s*[A-Za-z\u00c0-\u024f][^（）()“”「」]{0,80}[）)]")
VERB_WINDOW = 40  # characters between a speaker and its verb
CLAUSE_MARKS = re.compile(r"[，。；：,;:！？!?]")
# Between a speaker and the verb: a bracket or a dash closes a dateline (（中央社雅典13日电）…表示).
GAP_MARKS = re.compile(r"[，。；：,;:！？!?（）()【】\[\]]|\s[-–—]\s")
# ...but a date in brackets after the day is part of the clause (外交部今天（1月12日）表示).
DATED_BRACKET = re.compile(r"[（(][^（）()，。]{0,14}[日号][）)]")
# A short note in brackets right after a name says who they are (土屋康行（42岁）, 野崎欢（法国文学））.
NAME_BRACKET = re.compile(r"\s*[（(][^（）()，。；：,;:“”「」]{1,12}[）)]")
# What follows an announcing verb when the body reports figures (商务部公布的数据显示).
ANNOUNCED_FIGURES = re.compile("的(?:数据|统计)?显示")
# Quotation marks around a body's name (「战争研究所」), each opening with its close.
QUOTE_OPENS = {"「": "」", "“": "”"}
# Where it was said, set off by a comma between the speaker and the verb (土耳其总统府新闻办公室在一份
# 声明中，亦否认…; X在记者会上，强调…): the clause goes on with the same speaker.
SETTING = re.compile(r"在[^，。；：,;:“”「」（）()]{1,16}[中上时后]，(?:亦|也|并|还|则|又)?")


@dataclass(frozen=True)
class StatementWords:
    verbs: re.Pattern[str]
    officials: tuple[str, ...]
    references: dict[str, str]  # a reference -> the official's title it stands for ("" for any)
    pronouns: tuple[str, ...]
    not_before: tuple[str, ...]
    negations: re.Pattern[str]
    list_links: tuple[str, ...]
    reference_pattern: re.Pattern[str]
    titles: re.Pattern[str]
    not_cues: re.Pattern[str]
    pronoun_pattern: re.Pattern[str]
    media_heads: tuple[str, ...] = ()
    media_opinions: tuple[str, ...] = ()
    clause_openings: re.Pattern[str] = re.compile("(?!)")
    government_heads: tuple[str, ...] = ()
    government_not_after: tuple[str, ...] = ()
    not_the_speaker: re.Pattern[str] = re.compile("(?!)")
    not_said_yet: re.Pattern[str] = re.compile("(?!)")
    not_latin_speakers: frozenset[str] = frozenset()
    latin_media_heads: tuple[str, ...] = ()
    latin_body_words: frozenset[str] = frozenset()
    setting_openers: tuple[str, ...] = ()
    conjunctions: tuple[str, ...] = ()


@functools.cache
def statement_words() -> StatementWords:
    """The lists of ``relations.yaml`` that statements are read with, compiled once."""
    return compile_statement_words(load_yaml(data_path("relations.yaml")))


def compile_statement_words(words: dict[str, Any]) -> StatementWords:
    section = words.get("statements") or {}
    negations = tuple(section.get("negations") or ())
    return StatementWords(
        verbs=re.compile(alternation(words["reporting_verbs"]) + (
            "|(?:" + alternation(section["announcing_verbs"]) + ")(?=[，,：:]|(?:的)?(?:数据|统计)?显示)"
            if section.get("announcing_verbs") else "")),
        officials=tuple(sorted(section.get("official_titles") or (), key=len, reverse=True)),
        references={str(k): str(v or "") for k, v in (section.get("references") or {}).items()},
        pronouns=tuple(words["pronouns"]),
        not_before=tuple(sorted(section.get("not_before_speaker") or (), key=len, reverse=True)),
        negations=re.compile(alternation(negations) + "$") if negations else re.compile("(?!)"),
        list_links=tuple(section.get("list_links") or ("、",)),
        reference_pattern=re.compile(alternation(tuple(section.get("references") or ()) or ("(?!)",))),
        pronoun_pattern=re.compile(alternation(tuple(words["pronouns"]))),
        titles=re.compile(trie_regex(load_lexicon().get("positions", ("(?!)",)))),
        not_cues=re.compile(alternation(tuple(section.get("not_cues") or ()) or ("(?!)",))),
        media_heads=tuple(section.get("media_heads") or ()),
        media_opinions=tuple(section.get("media_opinions") or ()),
        government_heads=tuple(sorted(section.get("government_heads") or (), key=len, reverse=True)),
        government_not_after=tuple(section.get("government_not_after") or ()),
        clause_openings=re.compile("[，,](?:" + alternation(tuple(section.get("clause_openings") or ())) + ")?"),
        not_the_speaker=re.compile("^(?:的)?(?:" + alternation(tuple(section.get("others_of_speaker") or ()) or ("(?!)",))
                                   + ")|被[^，。]{0,4}$|的$"),
        not_said_yet=re.compile(alternation(tuple(section.get("not_said_yet") or ()) or ("(?!)",))),
        not_latin_speakers=frozenset(str(w) for w in section.get("not_latin_speakers") or ()),
        latin_media_heads=tuple(section.get("latin_media_heads") or ()),
        latin_body_words=frozenset(str(w) for w in section.get("latin_body_words") or ()),
        setting_openers=tuple(section.get("setting_openers") or ()),
        conjunctions=tuple(section.get("conjunctions") or ()),
    )


@dataclass
class Speaker:
    """One who may be saying something: where the name ends, who, and as whose official."""

    end: int
    entity: Entity
    official: str | None = None
    mention: Mention | None = None
    start: int = 0
    via: str = "name"  # how the rules found it: name, pronoun, reference, clause (the subject of a later clause's verb)


@dataclass
class Memory:
    """The speakers read so far in the article, for the references after them."""

    last: Speaker | None = None
    officials: list[Speaker] = field(default_factory=list)
    latin: dict[str, Entity] = field(default_factory=dict)  # a Latin name read as a speaker -> its entity
    speakers: dict[str, Entity] = field(default_factory=dict)  # a speaker's name -> the entity it first spoke as


def find_statements(context: Context) -> Iterator[Relation]:
    words = statement_words()
    memory = Memory()
    for sentence in context.sentences:
        if not words.verbs.search(to_simplified(sentence.text)):
            subject = sentence_subject(sentence)
            if subject is not None:
                memory.last = subject  # 特朗普被问到…。他说: the person the sentence is about
            people = [sentence.entity(m) for m in sentence.of_label("PERSON")]
            if people and people[-1] is not None:
                context.last_person = people[-1]
            continue  # no reporting verb: nobody says anything here
        simplified = to_simplified(sentence.text)
        candidates = speakers_in(context, sentence, words, memory)
        said = []
        for speaker in candidates:
            verb = verb_after(sentence, speaker, words, simplified)
            if verb is not None:
                said.append((speaker, verb))
        if not said:
            subject = sentence_subject(sentence)
            if subject is not None:
                memory.last = subject  # 特朗普被问到…。他说: the person the sentence is about
            verb = clause_verb(sentence, words, simplified)
            openers = first_clause_people(sentence, verb.start() + sentence.span.start) if verb is not None else []
            for opener in openers:
                said.append((opener, verb))  # 施瓦尔布于9月提起诉讼，称…: the one the first clause is about says it
        for index, (speaker, verb) in enumerate(said):
            if any(v.start() == verb.start() and embedded(sentence, earlier, speaker, words) for earlier, v in said[:index]):
                continue  # 在参加江苏代表团审议时强调, 在接受BBC特约记者玉川采访时表示: a name in the setting says nothing
            later = [s for s, v in said[index + 1:] if v.start() == verb.start() and not embedded(sentence, speaker, s, words)]
            if later and not listed_with(sentence, speaker, later[0], words) and not (
                    speaker.official and speaker.end == later[0].end):  # one official's title shared by a list of bodies
                continue  # a nearer name says it: 中国外交部发言人汪文斌表示
            statement = make_statement(context, sentence, speaker, verb)
            if statement is None:
                continue
            if speaker.official is None:
                found = candidate_features(context, sentence, speaker, verb)
                if context.speaker_candidates is not None:  # a trainer's run: every candidate is kept and shown to it
                    context.speaker_candidates.append((found, (speaker.entity.name, *speaker.entity.aliases)))
                elif not speaker_model.keep(found):
                    continue  # the learned model says the rules' candidate says nothing (kg/facts/speaker_model.py)
            named = memory.speakers.setdefault(to_simplified(speaker.entity.name), speaker.entity)
            if named != speaker.entity and speaker.official is None:
                statement = replace(statement, speaker=named)  # 哈马斯 read once as a person, once as a body: one speaker
            memory.last = speaker
            if speaker.official:
                memory.officials.append(speaker)
            yield statement
        people = [sentence.entity(m) for m in sentence.of_label("PERSON")]
        if people and people[-1] is not None:
            context.last_person = people[-1]


def speakers_in(context: Context, sentence: Sentence, words: StatementWords, memory: Memory) -> list[Speaker]:
    """Every candidate speaker of the sentence, in text order."""
    found: list[Speaker] = []
    text = to_simplified(sentence.text)  # the word lists are in simplified characters; offsets do not move
    base = sentence.span.start
    titled = {m.end for m in sentence.mentions if m.label == "POSITION"}
    for mention in sentence.mentions:
        entity = sentence.entity(mention)
        if entity is not None and entity.label == "GPE":
            head = next((h for h in words.government_heads if text.startswith(h, mention.end - base)
                         and not text.startswith(words.government_not_after, mention.end - base + len(h))), None)
            if head is None:
                continue  # a place does not speak (华盛顿表示); its government does (德国政府表示, 乌克兰军方称)
            entity = Entity("ORG", to_simplified(mention.text) + head)
            mention = replace(mention, end=mention.end + len(head), text=mention.text + sentence.between(mention.end, mention.end + len(head)), label="ORG")
        if entity is None or entity.label not in SPEAKER_LABELS:
            continue
        before = text[:mention.start - base]
        if before.endswith(words.not_before) and mention.start not in titled and not conjoined(sentence, mention, words):
            continue  # 向外交部表示, 据新华社报道: spoken to or cited, not speaking (大使沃尔茨: 使 ends a title)
        after = mention.end - base + (1 if text.startswith("的", mention.end - base) else 0)  # 苹果公司的发言人
        official = next((t for t in words.officials if text.startswith(t, after)), None)
        if official is None and entity.label == "ORG":
            shared = shared_official(sentence, mention, text, words)
            if shared is not None:  # 国家发展改革委、财政部、商务部等部门有关负责人介绍: each body's official speaks
                official, after = shared
        if official and entity.label == "PERSON":
            continue  # 默克尔发言人: an official of a person's office, not the person
        if official is None and is_media(entity, words) and not speaks_its_mind(text, mention.end - base, words):
            continue  # 法新社说, 路透社报道称: the outlet reports, it is not quoted (but 环球时报发表社评称 speaks)
        end = base + after + len(official) if official else mention.end
        if text[mention.start - base - 1:mention.start - base] in QUOTE_OPENS and \
                text[end - base:end - base + 1] == QUOTE_OPENS[text[mention.start - base - 1]]:
            end += 1  # 美国「战争研究所」（Institute for the Study of War）指出: the name in quotation marks
        gloss = FOREIGN_GLOSS.match(text, end - base) or NAME_BRACKET.match(text, end - base)
        if gloss:
            end = base + gloss.end()  # 马斯（Heiko Maas）发布声明说, 土屋康行（42岁）表示: what the brackets add is part of the name
        found.append(Speaker(end, entity, official, mention, mention.start))
    found.extend(latin_speakers(context, sentence, words, memory))
    # references: 该负责人, 这位发言人 (the longest reference at each place)
    for match in words.reference_pattern.finditer(text):
        start, end = base + match.start(), base + match.end()
        if any(s.start <= start < s.end for s in found) or not clause_start(text, match.start()):
            continue
        title = words.references[match.group(0)]
        earlier = [s for s in memory.officials if not title or s.official == title or (s.official or "").endswith(title)]
        if earlier:
            found.append(Speaker(end, earlier[-1].entity, earlier[-1].official, None, start, "reference"))
    # pronouns: 他, 她
    for match in words.pronoun_pattern.finditer(text):
        start, end = base + match.start(), base + match.end()
        if text[match.end():match.end() + 1] in ("们", "人", "国", "方", "的") or text[max(0, match.start() - 1):match.start()] in ("其", "吉"):
            continue  # 他们, 其他, 他人: not a person named before
        referent = only_person_before(sentence, start) or memory.last or last_person_before(context, sentence, start)
        if referent is not None:
            found.append(Speaker(end, referent.entity if isinstance(referent, Speaker) else referent,
                                 referent.official if isinstance(referent, Speaker) else None, None, start, "pronoun"))
    found.sort(key=lambda s: (s.end, s.start))
    return found


# What follows a Latin name that is not the subject of the verb after it.
LATIN_NOT_SUBJECT = ("的", "、", "和", "与", "及", "或", "等", "之")


def latin_speakers(context: Context, sentence: Sentence, words: StatementWords, memory: Memory) -> Iterator[Speaker]:
    """Names in Latin script the recogniser left unmarked (its Latin model took them for no name),
    before a reporting verb (CenturyLink表示,
    “……，”Brown Brothers Harriman在一份报告中指出): a person or a body the article names in
    Latin letters. A name the article's entities go by, or the last word of one (McCaul for
    Michael McCaul, Fenton after Scott Fenton), is that entity."""
    base = sentence.span.start
    text = to_simplified(sentence.text)
    # the runs of Latin words the recogniser reads (kg/recognize/latin.py)
    for run_start, run_end in latin_candidates(sentence.text):
        name = sentence.text[run_start:run_end]
        start, end = base + run_start, base + run_end
        if len(name) < 2 or name in words.not_latin_speakers or any(
                m.start < end and start < m.end for m in sentence.mentions):
            continue
        if text[end - base:end - base + 1] in LATIN_NOT_SUBJECT:
            continue  # TikTok的一位律师, BP和壳牌: the name is not the subject of what follows
        before = text[:run_start].rstrip()
        if before.endswith(words.not_before):
            continue  # 对路透表示, 向FCA说: spoken to
        entity = latin_entity(context, name, memory, words)
        if (is_media(entity, words) or before.endswith((*words.media_heads, "网站", "电台")) or name.endswith(words.latin_media_heads)) \
                and not speaks_its_mind(text, end - base, words):
            continue  # 新闻网站Axios披露, Irish Examiner表示: an outlet reports
        yield Speaker(end, entity, None, None, start, "latin")


def latin_entity(context: Context, name: str, memory: Memory, words: StatementWords) -> Entity:
    """The entity a Latin name stands for: one the article names so, or the last word of, else a new one."""
    if name in memory.latin:
        return memory.latin[name]
    for entity in [*memory.latin.values(), *(e for e in context.counts() if e.label in SPEAKER_LABELS)]:
        names = (entity.name, *entity.aliases)
        if any(n == name or (n.isascii() and " " in n and n.split()[-1] == name) for n in names):
            memory.latin[name] = entity
            return entity
    parts = name.split()
    # a person: two words or more, each capitalised (Scott Fenton), a particle or an initial (John F. Kennedy)
    person = len(parts) > 1 and not set(parts) & words.latin_body_words and all(
        (w[:1].isupper() and not w.isupper()) or w in PARTICLES or re.fullmatch("[A-Z]\\.", w) for w in parts)
    label = "PERSON" if person else "ORG"
    entity = Entity(label, name)
    memory.latin[name] = entity
    return entity


def conjoined(sentence: Sentence, mention: Mention, words: StatementWords) -> bool:
    """Whether a name is joined to a speaker's name before it (Arm与英伟达表示, 国药集团和科兴生物证实,
    詹春柏与吴敦义都表示): both are the subject, unless the first is spoken to or cited."""
    base = sentence.span.start
    text = to_simplified(sentence.text)
    previous = next((m for m in sentence.mentions if m.end < mention.start and m.label in SPEAKER_LABELS
                     and text[m.end - base:mention.start - base] in words.conjunctions), None)
    if previous is None or text[:previous.start - base].endswith(words.not_before):
        return False
    lead = previous.start  # the first name opens its clause, after the places, bodies and titles that present it
    for other in sorted(sentence.mentions, key=lambda m: m.start, reverse=True):
        if other.end == lead and other.label in ("POSITION", "GPE", "ORG", "DATE"):
            lead = other.start
    before = CONNECTIVE_END.sub("", text[:lead - base])
    return clause_start(before, len(before)) or DATELINE_END.search(before) is not None


# A connective that opens a clause before its subject (但国药集团和科兴生物证实).
CONNECTIVE_END = re.compile("(?:但是|但|而|不过|同时|此外|另外|其中|然而)$")
# The end of an agency's dateline before the first words of its report (路透北京9月30日 - ).
DATELINE_END = re.compile(r"(?:\s[-–—]\s*|电[）)]|】)$")


# After a list of bodies, the words that close it before their officials' title (等部门, 等有关单位及海南省).
LIST_CLOSE = re.compile(r"等(?:有关|相关)?(?:部门|单位|机构|部委)?(?:及[^，。、；：,;:]{1,10}?)?(?=有关|相关|负责)")


def shared_official(sentence: Sentence, mention: Mention, text: str, words: StatementWords) -> tuple[str, int] | None:
    """商务部等有关单位负责人, 国家发展改革委、财政部、商务部等部门及海南省有关负责人: bodies
    listed before one official's title each speak through their official. The title and where
    it begins (in ``text``, the sentence's simplified text)."""
    base = sentence.span.start
    at = mention.end - base
    listed = False
    while text.startswith("、", at):
        following = next((m for m in sentence.mentions if m.start - base == at + 1 and m.label == "ORG"), None)
        if following is None:
            break
        at, listed = following.end - base, True
    close = LIST_CLOSE.match(text, at)
    if close is not None:
        at = close.end()
    elif not listed:
        return None
    official = next((t for t in words.officials if text.startswith(t, at)), None)
    return (official, at) if official else None


def speaks_its_mind(text: str, at: int, words: StatementWords) -> bool:
    """新华社的评论警告称, 《界面新闻》则在一篇影评中表示, 环球时报24日发表社评称: an outlet's own
    opinion (``media_opinions``), named in its clause before the verb, makes the outlet a speaker."""
    clause = CLAUSE_MARKS.split(text[at:at + VERB_WINDOW], maxsplit=1)[0]
    return any(word in clause for word in words.media_opinions)


def is_media(entity: Entity, words: StatementWords) -> bool:
    """A news outlet: the gazetteer says so, or its name ends as an outlet's does (法新社, 经济日报)."""
    if entity.label != "ORG":
        return False
    return entity.kind == "NewsMediaOrganization" or to_simplified(entity.name).endswith(words.media_heads)


def sentence_subject(sentence: Sentence) -> Speaker | None:
    """The person a sentence opens a clause with, titles before the name included
    (在记者会上，国务院总理李强被问到…)."""
    chain_start = previous_end = None
    for mention in sentence.mentions:
        if mention.label == "DATE" and chain_start is None:
            continue
        if chain_start is None:
            chain_start = mention.start
        elif sentence.between(previous_end, mention.start) not in ("", "原", "前"):
            return None
        if mention.label == "PERSON":
            entity = sentence.entity(mention)
            if entity is None or not clause_start(sentence.text, chain_start - sentence.span.start):
                return None
            return Speaker(mention.end, entity, None, mention, mention.start)
        if mention.label not in ("ORG", "GPE", "POSITION"):
            return None
        previous_end = mention.end
    return None


def first_clause_people(sentence: Sentence, verb_start: int) -> list[Speaker]:
    """The person named in the sentence's first clause, when nobody else is named between
    them and the verb (华盛顿特区总检察长施瓦尔布于9月提起诉讼，称…), or the people it lists
    (欧洲理事会主席科斯塔、…、英国首相施纪贤等欧洲领导人发表联合声明，指出…); else the one
    a clause before the verb opens with (``opening_subject``)."""
    first_mark = CLAUSE_MARKS.search(sentence.text)
    clause_end = sentence.span.start + (first_mark.start() if first_mark else len(sentence.text))
    listed = clause_list(sentence, verb_start, clause_end)
    if listed:
        return listed
    # the nearest clause before the verb's that opens with a name (由于…，山口县政府已提高警戒，甚至要求…)
    base = sentence.span.start
    ends = [base + m.start() for m in CLAUSE_MARKS.finditer(sentence.text, 0, verb_start - base)]
    starts = [base] + [end + 1 for end in ends]
    for start, end in reversed(list(zip(starts, [*ends, verb_start], strict=True))):
        subject = opening_subject(sentence, start, end)
        if subject is not None:
            return [subject]
    return []


def clause_list(sentence: Sentence, verb_start: int, clause_end: int) -> list[Speaker]:
    named = [m for m in sentence.mentions if m.label in SPEAKER_LABELS and m.start < verb_start
             and sentence.entity(m) is not None]
    people = [m for m in named if m.label == "PERSON"]
    if not people and len(named) == 1 and named[0].end <= clause_end and opens_clause(sentence, named[0], sentence.span.start):
        body = sentence.entity(named[0])
        if body is not None and not is_media(body, statement_words()):
            # 韩国政府今天对日本的这一决定深表遗憾，并称…; 沙特外交部发表声明，呼吁…: the body the sentence opens with
            return [Speaker(named[0].end, body, None, named[0], named[0].start, "clause")]
    if not people or people[-1].end > clause_end or named[-1] is not people[-1]:
        return []
    links = statement_words().list_links
    if any(not to_simplified(sentence.between(a.end, b.start)).startswith(links) for a, b in zip(people, people[1:], strict=False)):
        return []  # 张三批评李四: one of them is spoken of
    before = to_simplified(sentence.between(sentence.span.start, people[0].start))
    if before.endswith(statement_words().not_before) and not any(
            m.label == "POSITION" and m.end == people[0].start for m in sentence.mentions):
        return []
    return [Speaker(m.end, entity, None, m, m.start, "clause") for m in people if (entity := sentence.entity(m)) is not None]


# Words left between the mentions before a sentence's subject and the subject (中国常驻联合国代表张军).
SUBJECT_LEAD = 6


# Someone of a body after its name, unmarked: 海洋哺乳动物中心生物学家, 欧洲议会各党团领导人.
SOMEONE_OF = re.compile(r"[^，。；：,;:的]{0,6}?(?:家|领导人|人士|人员|成员|议员|官员|代表|学者|教授|律师)")


def opening_subject(sentence: Sentence, clause_start: int, clause_end: int) -> Speaker | None:
    """The one a clause opens with (中国常驻联合国代表张军驳斥了特朗普对中国的指责; 美国商务部近日致信
    中芯国际的美国供应商): a person preceded only by the bodies, places and titles that present
    them, or a body preceded by nothing but dates and places."""
    words = statement_words()
    lead = ""
    at = clause_start
    for mention in sentence.mentions:
        if mention.start < at:
            continue
        if mention.start >= clause_end:
            return None
        lead += sentence.between(at, mention.start)
        at = mention.end
        entity = sentence.entity(mention)
        following = to_simplified(sentence.between(mention.end, mention.end + 8))
        if mention.label == "PERSON":
            if following.startswith("的"):
                continue  # 已改名郑采匀的郑家纯: the name before 的 describes the subject
            if entity is None or len(lead) > SUBJECT_LEAD or to_simplified(lead).endswith(words.not_before):
                return None
            return Speaker(mention.end, entity, None, mention, mention.start, "clause")
        if mention.label == "ORG" and entity is not None and opens_clause(sentence, mention, clause_start) and \
                body_speaks(sentence, mention, entity, following, words):
            return Speaker(mention.end, entity, None, mention, mention.start, "clause")
        if mention.label not in ("DATE", "GPE", "ORG", "POSITION"):
            return None
    return None


def body_speaks(sentence: Sentence, mention: Mention, entity: Entity, following: str, words: StatementWords) -> bool:
    """Whether a body opening a clause is its subject: not an outlet, not a thing of it (X的),
    nor the body of a person or an official named or unnamed after it (海洋哺乳动物中心生物学家)."""
    return not following.startswith("的") and not is_media(entity, words) and not any(
        m.label in ("PERSON", "POSITION") and mention.end <= m.start <= mention.end + 2 for m in sentence.mentions) \
        and not words.titles.match(following) and not following.startswith(words.officials) and not SOMEONE_OF.match(following)


def opens_clause(sentence: Sentence, mention: Mention, start: int) -> bool:
    """Whether only dates, places and marks stand before the mention in its clause (the clause
    starting at ``start``; the sentence's start for the sentence)."""
    before = [m for m in sentence.mentions if start <= m.start and m.end <= mention.start]
    text = sentence.between(start, mention.start)
    for other in before:
        if other.label not in ("DATE", "GPE"):
            return False
        text = text.replace(sentence.between(other.start, other.end), "")
    return re.fullmatch(r"[\s，,、（）()\-–—]*", text) is not None


def clause_start(text: str, index: int) -> bool:
    before = text[:index]
    return not before or CLAUSE_MARKS.search(before[-1:]) is not None or before.endswith(("”", "」"))


def only_person_before(sentence: Sentence, offset: int) -> Entity | None:
    """The one person the sentence names before a pronoun in it (罗德里格斯（…）则拒绝川普的威胁，她说):
    the pronoun stands for them rather than for the speaker of the sentences before."""
    quoted = [(sentence.span.start + q.start(), sentence.span.start + q.end())
              for q in re.finditer(r"[“「][^“”「」]*[”」]", sentence.text)]
    people = {e for m in sentence.of_label("PERSON") if m.end <= offset and (e := sentence.entity(m)) is not None
              and not any(a <= m.start < b for a, b in quoted)}  # a name in a quotation is spoken of
    return next(iter(people)) if len(people) == 1 else None


def last_person_before(context: Context, sentence: Sentence, offset: int) -> Entity | None:
    person = None
    for mention in sentence.of_label("PERSON"):
        if mention.end <= offset:
            person = sentence.entity(mention) or person
    return person or context.last_person


def verb_after(sentence: Sentence, speaker: Speaker, words: StatementWords, simplified: str) -> re.Match[str] | None:
    tail = simplified[speaker.end - sentence.span.start:]
    window = tail[:VERB_WINDOW]
    taken = [m.span() for m in words.not_cues.finditer(window)]
    verb = next((m for m in words.verbs.finditer(window)
                 if not any(a < m.end() and m.start() < b for a, b in taken)), None)  # 简称, 指导, 小说: no cue
    if verb is None or GAP_MARKS.search(SETTING.sub("", DATED_BRACKET.sub("", tail[:verb.start()]), count=1)) \
            or re.search("[“「]", tail[:verb.start()]):
        return None
    if words.negations.search(tail[:verb.start()]):
        return None  # 未立即回应: nothing was said
    if speaker.official is None and words.not_the_speaker.search(tail[:verb.start()]):
        return None  # 成蕾的家人表示, 冰雪节主办方告诉, 被业界认为, 朱弗雷的指控: someone else speaks, or nobody
    if words.not_said_yet.search(tail[:verb.start()]):
        return None  # 预计将在会谈中表示: not said yet
    if tail.startswith("的", verb.end()) and not ANNOUNCED_FIGURES.match(tail, verb.end()):
        return None  # 欧盟委员会提出的方案: the verb describes a thing, nobody speaks (but 商务部公布的数据显示 reports)
    if speaker.official is None and speaker.entity.label == "ORG" and speaker.mention is not None and any(
            m.label == "PERSON" and m.end == speaker.mention.start for m in sentence.mentions):
        return None  # 阿尔文·霍尔西海军上将…表示: the body after a name is the person's service, the person speaks
    if speaker.official is None and speaker.entity.label == "ORG" and (tail.startswith("长") or any(
            m.label == "PERSON" and speaker.end <= m.start < speaker.end + verb.start() for m in sentence.mentions)
            or words.titles.search(tail[:verb.start()])):
        return None  # 外交部发言人汪文斌表示, 国防军总参谋长某某表示, 国防部长…表示: a person speaks, named or not
    # where the verb stands in the article, for comparing speakers of one verb
    return re.compile(re.escape(verb.group(0))).search(simplified, speaker.end - sentence.span.start + verb.start())


def clause_verb(sentence: Sentence, words: StatementWords, simplified: str) -> re.Match[str] | None:
    """A reporting verb opening a later clause (…提起诉讼，称…; …，并表示…): said by the
    sentence's subject, since no name stands before it."""
    for opening in words.clause_openings.finditer(simplified):
        verb = words.verbs.match(simplified, opening.end())
        if verb is None:
            continue
        if any(m.start() <= verb.start() < m.end() for m in words.not_cues.finditer(simplified, verb.start(), verb.end() + 3)):
            continue
        return verb
    return None


def candidate_features(context: Context, sentence: Sentence, speaker: Speaker, verb: re.Match[str]) -> dict[str, float]:
    """What the speaker model is told about one candidate (kg/facts/speaker_model.py)."""
    mention = speaker.mention
    verb_at = verb.start() + sentence.span.start
    dates = sum(min(m.end, verb_at) - max(m.start, speaker.end) for m in sentence.of_label("DATE")
                if m.start < verb_at and m.end > speaker.end)  # 海关总署今天（9月10日）公布: a date is no distance
    distance = max(0, verb_at - speaker.end - dates - 2 * sentence.between(speaker.end, verb_at).count("（"))
    count = context.counts().get(speaker.entity, 0)
    titled = mention is not None and any(m.label == "POSITION" and m.end == mention.start for m in sentence.mentions)
    return speaker_model.features(
        label=speaker.entity.label, name=speaker.entity.name, via=speaker.via, verb=verb.group(0), distance=max(0, distance),
        mentions=count, has_post=speaker.entity.name in context.posts,
        source=(mention.source.split(":")[0] if mention is not None else "none"), titled=titled,
        quoted=quoted_before(sentence, speaker.start) is not None, official=speaker.official is not None,
        after=verb.string[verb.end():verb.end() + 1].strip() or verb.string[verb.end() + 1:verb.end() + 2],
        opens=opens_its_clause(sentence, speaker))


def opens_its_clause(sentence: Sentence, speaker: Speaker) -> bool:
    """Whether the speaker's name opens its clause, after nothing but dates, places and titles (and a
    connective: 但国药集团…): 白宫声称, 美国商务部在一份声明中说, 外交部发言人汪文斌表示."""
    start = speaker.start
    for other in sorted(sentence.mentions, key=lambda m: m.start, reverse=True):
        if other.end <= start and other.label in ("POSITION", "GPE", "ORG", "DATE") and \
                re.fullmatch(r"[\s（）()·]*", sentence.between(other.end, start)):
            start = other.start
    before = CONNECTIVE_END.sub("", to_simplified(sentence.between(sentence.span.start, start)).rstrip())
    return clause_start(before, len(before)) or DATELINE_END.search(before) is not None


def embedded(sentence: Sentence, speaker: Speaker, following: Speaker, words: StatementWords) -> bool:
    """Whether a name after a speaker, before the verb they share, is in the speaker's setting or
    the one spoken to (习近平总书记在参加江苏代表团审议时强调, 拉加德在周四央行会议后的记者会上表示,
    金正官…向总统李在明披露): a word of ``setting_openers`` stands between them in the clause."""
    gap = to_simplified(sentence.between(speaker.end, following.start))
    if gap in words.conjunctions:
        return False  # Arm与英伟达表示: both say it
    gap = CLAUSE_MARKS.split(gap)[-1]
    return any(opener in gap for opener in words.setting_openers)


def listed_with(sentence: Sentence, speaker: Speaker, following: Speaker, words: StatementWords) -> bool:
    """蔡若莲、劳工及福利局局长孙玉菡…宣布: speakers of a list share the verb."""
    gap = to_simplified(sentence.between(speaker.end, following.start)).strip()  # Lilly Koo 和 David Pierson 写道
    return bool(gap) and gap.startswith(words.list_links)


def make_statement(context: Context, sentence: Sentence, speaker: Speaker, verb: re.Match[str]) -> Statement | None:
    base = sentence.span.start
    verb_start = base + verb.start()
    quoted = quoted_before(sentence, speaker.start)
    said = sentence.text[verb.end():].lstrip("，,：: ").rstrip("。；;")
    text = quoted or said
    if len(text) < 4:
        return None
    date = None
    for date_mention in sentence.of_label("DATE"):
        if speaker.end <= date_mention.start < verb_start:
            date = context.resolve_date(date_mention.text)
    if date is None and speaker.mention is None:
        date = context.last_statement_date  # 他…称 continues the report before it
    event = event_near(sentence, verb_start) or context.setting_event
    context.last_statement_date = date
    if date is not None and event is not None:
        context.dated_events.setdefault(event, (date, sentence.span))
    return Statement(speaker.entity, text, verb.group(0), sentence.span, date=date or context.base, event=event,
                     official=speaker.official)


def quoted_before(sentence: Sentence, start: int) -> str | None:
    """The quotation right before the speaker, or before the words that name them
    (“……”，Cornerstone Macro分析师Roberto Perli周一写道; a Latin body and title may be long:
    “……”，资产管理公司WisdomTree Investments的资深顾问Jesper Koll表示): no clause mark between."""
    before = sentence.text[:start - sentence.span.start]
    match = re.search(r"[“「]([^“”「」]{4,})[”」][，,]?[^，。；：,;:！？!?“”「」]{0,60}$", before)
    return match.group(1).rstrip("。，,") if match else None


def event_near(sentence: Sentence, before: int) -> Entity | None:
    """The event a statement was made at: 在EVENT上 before the verb."""
    for mention in sentence.of_label("EVENT"):
        if mention.end <= before and re.match("[上中]", sentence.between(mention.end, mention.end + 1)):
            return sentence.entity(mention)
    return None
