"""Generate a corpus of realistic-looking news articles for benchmarks.

The articles have the seeds' shapes (Markdown with YAML front matter and an
HTML body, Sina-style credits) and their vocabulary, varied at random with a
fixed seed: different people, bodies, posts, places, figures, periods and
dates, so that no two articles share a text.

    python bench/corpus.py OUT_DIR --articles 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏宇浩凯健俊帆帅旭宁晨辉建国立新海波志文斌博昊然卓一鸣思远"
BODIES = [
    "商务部", "国家发展和改革委员会", "工业和信息化部", "财政部", "海关总署", "国家统计局", "中国人民银行",
    "国家市场监督管理总局", "农业农村部", "交通运输部", "生态环境部", "国家税务总局", "文化和旅游部", "科学技术部",
]
UNITS = ["综合司", "外贸司", "国际司", "市场运行司", "政策研究室", "新闻办公室", "统计分析司", "产业司"]
POSTS = ["部长", "副部长", "部长助理", "司长", "副司长", "局长", "副局长", "署长", "副署长", "新闻发言人", "主任", "副主任"]
PLACES = ["北京市", "上海市", "广东省", "浙江省", "江苏省", "山东省", "四川省", "湖北省", "深圳市", "重庆市", "天津市", "福建省"]
COUNTRIES = ["泰国", "马来西亚", "越南", "印度尼西亚", "新加坡", "菲律宾", "柬埔寨", "老挝", "巴基斯坦", "保加利亚", "智利", "新西兰"]
GOODS = ["榴莲", "香米", "白咖啡", "芒果", "燕窝", "车厘子", "葡萄酒", "红酒", "牛奶", "橄榄油", "粉盐", "玫瑰水"]
INDICATORS = [
    ("跨境电商进出口额", "亿元"), ("货物贸易进出口总值", "亿元"), ("社会消费品零售总额", "亿元"), ("网上零售额", "亿元"),
    ("实际使用外资", "亿元"), ("服务贸易进出口总额", "亿元"), ("规模以上工业增加值", "亿元"), ("对外直接投资", "亿美元"),
]
EVENTS = ["新闻发布会", "政策例行吹风会", "经贸合作论坛", "博览会", "研讨会", "工作会议"]
VERBS = ["表示", "指出", "介绍", "强调", "透露"]
TOPICS = ["外贸新业态", "跨境电商", "数字贸易", "消费升级", "产业链供应链", "营商环境", "绿色发展", "乡村振兴"]
PUBLISHERS = ["新浪财经", "每经网", "经济日报", "联合早报", "中国新闻网"]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def article(rng: random.Random, index: int) -> str:
    day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1200))
    body, unit, post = rng.choice(BODIES), rng.choice(UNITS), rng.choice(POSTS)
    speaker, expert, editor = person(rng), person(rng), person(rng)
    place, country = rng.choice(PLACES), rng.choice(COUNTRIES)
    goods = rng.sample(GOODS, 2)
    indicator, unit_word = rng.choice(INDICATORS)
    value = rng.randrange(100, 99999) / 10
    change = rng.randrange(-150, 600) / 10
    event = rng.choice(EVENTS)
    topic = rng.choice(TOPICS)
    verb = rng.choice(VERBS)
    count = rng.randrange(10, 500)
    direction = "增长" if change >= 0 else "下降"
    paragraphs = [
        f"{day.month}月{day.day}日，{body}举行{topic}{event}，{body}{post}{speaker}{verb}，"
        f"今年以来{topic}保持良好势头，{place}等地积极推进相关工作，第{index % 40 + 1}批试点进展顺利。",
        f"{speaker}介绍，{day.year - 1}年我国{indicator}达到{value}{unit_word}，同比{direction}{abs(change)}%。"
        f"今年上半年，{indicator}继续保持增长，其中{place}超过{round(value / 7, 1)}{unit_word}。",
        f"“{topic}是推动高质量发展的重要抓手。”{speaker}说，下一步将出台《关于推进{topic}高质量发展的指导意见》，"
        f"目前已有{count}家企业参与试点。",
        f"{body}{unit}{rng.choice(POSTS)}{expert}在会上指出，{country}的{goods[0]}、{goods[1]}等特色商品在中国市场持续热销，"
        f"双方合作空间广阔。",
        f"<!-- 广告：{person(rng)}推荐的理财产品 -->",
        f"责任编辑：{editor}",
    ]
    html = "\n".join(
        f"<p>　　{p}</p>" if not p.startswith("<!--") else p for p in paragraphs
    )
    title = f"{body}：{topic}{rng.choice(['稳中向好', '加快发展', '持续推进', '成效明显'])}（{index}）"
    return (
        f"---\ntitle: '{title}'\ncategories:\n - 财经\nauthor: {rng.choice(PUBLISHERS)}\n"
        f"date: {day.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00+08:00\n---\n\n<div>\n{html}\n</div>\n"
    )


def write_corpus(folder: Path, articles: int, *, seed: int = 7) -> Path:
    """Write ``articles`` files into ``folder`` (in subfolders of 1,000)."""
    rng = random.Random(seed)
    for index in range(articles):
        sub = folder / f"{index // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{index:06d}.md").write_text(article(rng, index), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    write_corpus(args.out, args.articles)


if __name__ == "__main__":
    main()
