#!/usr/bin/env python3
"""Build the koen-align pairing test crawl (corpus/pairing/crawl/ and its gold files).

Everything here (article texts in texts/*.txt, site templates below) was written for
koen-align and is covered by the repository's licence. The build is deterministic: it
uses one fixed seed and no clock, so running it twice gives byte-identical output.

    python3 corpus/pairing/build.py          # rewrites crawl/, *.tsv

Text format (texts/*.txt): "## id | key=value | ..." starts a story; "# ko", "# en",
"# ja" start one edition; the first line of an edition is its headline, paragraphs are
separated by blank lines, and a paragraph starting with "@cap " is a photo caption.
Keys: kind (pair, ko-only, en-only, ja, bilingual, truncated), topic, date (KST of the
Korean edition, or of the only edition), delay (minutes until the English edition),
site ("name" or "ko-site>en-site"), place ("한국어/ENGLISH" dateline), link
(missing-en / missing-ko: an hreflang link to an edition that is not in the crawl).
"""

import datetime as dt
import html
import random
import re
import shutil
import sys
from pathlib import Path

SEED = 20261003
HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
CRAWL = HERE / "crawl"

# ---------------------------------------------------------------------------
# parsing


def parse_texts():
    stories = []
    for f in sorted(TEXTS.glob("*.txt")):
        cur, sec = None, None
        for line in f.read_text("utf-8").splitlines():
            if line.startswith("## "):
                parts = [p.strip() for p in line[3:].split("|")]
                cur = {"id": parts[0], "kind": "pair", "delay": "0", "place": "서울/SEOUL", "link": ""}
                for p in parts[1:]:
                    k, v = p.split("=", 1)
                    cur[k.strip()] = v.strip()
                cur["raw"] = {}
                stories.append(cur)
                sec = None
            elif cur is not None and line.strip() in ("# ko", "# en", "# ja"):
                sec = line.strip()[2:]
                cur["raw"][sec] = []
            elif line.startswith("#"):
                continue
            elif sec is not None:
                cur["raw"][sec].append(line)
    for s in stories:
        s["date"] = dt.datetime.strptime(s["date"], "%Y-%m-%d %H:%M")
        s["delay"] = int(s["delay"])
        sites = s["site"].split(">")
        s["site_ko"], s["site_en"] = sites[0], sites[-1]
        s["place_ko"], s["place_en"] = s["place"].split("/")
        s["ed"] = {}
        for lang, lines in s.pop("raw").items():
            blocks, buf = [], []
            for ln in lines + [""]:
                if ln.strip():
                    buf.append(ln.strip())
                elif buf:
                    blocks.append(" ".join(buf))
                    buf = []
            title, paras = blocks[0], []
            for b in blocks[1:]:
                paras.append(("cap", b[5:]) if b.startswith("@cap ") else ("p", b))
            s["ed"][lang] = {"title": title, "paras": paras}
        if s["kind"] == "pair":
            assert set(s["ed"]) == {"ko", "en"}, s["id"]
    return stories


# ---------------------------------------------------------------------------
# small helpers

E = html.escape


def T(x):  # text nodes: quotes stay as typed
    return html.escape(x, quote=False)

WD_KO = "월화수목금토일"
MON_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
MON_FULL = ["January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"]
MON_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WD_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def ymd_hm(d, sep="."):
    return f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d} {d.hour:02d}:{d.minute:02d}"


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:00+09:00")


def ko_ampm(d):
    h = d.hour % 12 or 12
    return f"{'오전' if d.hour < 12 else '오후'} {h}:{d.minute:02d}"


def en_ampm(d):
    h = d.hour % 12 or 12
    return f"{h}:{d.minute:02d} {'am' if d.hour < 12 else 'pm'}"


def slugify(t):
    t = re.sub(r"[^A-Za-z0-9 ]+", "", t).lower().split()
    return "-".join(t[:8])


SECTIONS = {
    "typhoon": ("사회", "National"), "trade": ("경제", "Economy"), "football": ("스포츠", "Sports"),
    "sports": ("스포츠", "Sports"), "earnings": ("경제", "Business"), "markets": ("경제", "Business"),
    "tech": ("IT/과학", "Tech"), "bok": ("경제", "Economy"), "housing": ("경제", "Economy"),
    "trade-data": ("경제", "Economy"), "agriculture": ("경제", "Economy"), "election": ("정치", "Politics"),
    "culture": ("문화", "Culture"), "science": ("IT/과학", "Science"), "health": ("사회", "National"),
    "education": ("사회", "National"), "defense": ("북한", "North Korea"), "weather": ("날씨", "Weather"),
    "tourism": ("전국", "Regions"), "labor": ("사회", "National"), "population": ("사회", "National"),
    "imf": ("경제", "Economy"), "city": ("사회", "National"),
}

# Reporters: (Korean name, romanised name, mail box)
REPORTERS = [
    ("김민지", "Kim Min-ji", "kmj"), ("박준혁", "Park Jun-hyuk", "pjh"), ("이수연", "Lee Su-yeon", "sylee"),
    ("최동훈", "Choi Dong-hoon", "dhchoi"), ("정하늘", "Jung Ha-neul", "sky"), ("오세린", "Oh Se-rin", "serin"),
    ("한태양", "Han Tae-yang", "sun"), ("윤가은", "Yoon Ga-eun", "gaeun"), ("서지호", "Seo Ji-ho", "jiho"),
    ("강유나", "Kang Yu-na", "yuna"),
]
EN_STAFF = ["Daniel Cho", "Emily Song", "Park Seo-yeon", "Chris Hwang", "Lee Hae-in"]

# Teaser headlines that belong to no page in the crawl.
PHANTOM = {
    "ko": [
        "[날씨] 주말 전국 맑고 일교차 커…아침 최저 5도",
        "프로야구 포스트시즌 입장권 예매 오늘부터",
        "[사설] 고령층 일자리, 숫자보다 질이 중요하다",
        "반려동물 미등록 과태료 내년부터 오른다",
        "연휴 고속도로 통행량 평소보다 12% 늘어",
        "[포토] 가을 단풍 물든 내장산",
        "소비자물가 2.1% 올라…농산물은 내림세",
        "대학가 원룸 월세 평균 61만 원",
        "국내 첫 수소 트램 시범 운행 시작",
        "[칼럼] 도서관이 동네의 거실이 될 때",
    ],
    "en": [
        "Weekend weather: clear skies, wide daily temperature range",
        "Tickets for baseball postseason go on sale",
        "[Editorial] Jobs for older workers: quality over numbers",
        "Consumer prices up 2.1 pct; farm goods cheaper",
        "Average studio rent near universities hits 610,000 won",
        "Korea's first hydrogen tram begins trial runs",
        "[Photo] Autumn colors at Naejangsan",
        "Holiday highway traffic 12 percent above normal",
        "[Column] When the library becomes the town's living room",
        "Pet registration fines to rise next year",
    ],
}

GENERIC_CAP = {
    "hangyeol": ("한결일보 자료사진", "[Hangyeol Daily file photo]"),
    "seoulwire": ("[서울와이어 자료사진]", "[Seoul Wire file photo]"),
    "nuri": ("사진=누리경제 DB", "Nuri Economic Times file photo"),
    "bridge": ("사진 코리아브리지", "Photo: Korea Bridge"),
}

# ---------------------------------------------------------------------------
# site templates


class Ctx:
    """Everything a template needs besides the story text."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def link_tags(c):
    out = []
    if c.canonical:
        out.append(f'<link rel="canonical" href="{E(c.canonical)}">')
    for lang, url in c.alternates:
        out.append(f'<link rel="alternate" hreflang="{lang}" href="{E(url)}">')
    if c.published:
        out.append(f'<meta property="article:published_time" content="{c.published}">')
    return "\n".join(out)


def teaser_li(items, ordered=False):
    lis = []
    for i, (title, url) in enumerate(items, 1):
        num = f'<span class="rank">{i}</span> ' if ordered else ""
        lis.append(f'<li>{num}<a href="{E(url)}">{T(title)}</a></li>')
    return "\n".join(lis)


def body_p(paras, cls=None, photo=None, zoom=None, close=None):
    """Paragraphs as <p>; captions (or a generic photo) as <figure>."""
    out = []
    key = paras[0][1] if paras else ""
    attr = f' class="{cls}"' if cls else ""
    for kind, text in paras:
        if kind == "cap":
            out.append(figure(text, zoom, close, key))
        else:
            out.append(f"<p{attr}>{E(text, quote=False)}</p>")
    if photo and not any(k == "cap" for k, _ in paras):
        out.insert(1, figure(photo, zoom, close, key))
    return "\n".join(out)


def figure(cap, zoom, close, key=""):
    z = f'<button type="button" class="btn-zoom">{zoom}</button>' if zoom else ""
    x = f'<button type="button" class="btn-close">{close}</button>' if close else ""
    return (f'<figure class="photo"><img src="https://img.example-cdn.net/news/{hash_str(cap[:12] + key[:40]) % 10**8:08d}.jpg" '
            f'alt="">{z}{x}<figcaption>{E(cap, quote=False)}</figcaption></figure>')


def hash_str(s):  # stable, unlike hash()
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % (2**61 - 1)
    return h


def hangyeol_ko(s, ed, c):
    d = c.when
    meta = ('<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">' if c.http_equiv
            else '<meta charset="euc-kr">')
    sec = SECTIONS[s["topic"]][0]
    mod = f' <span class="date">수정 {ymd_hm(c.modified)}</span>' if c.modified else ""
    r = c.reporter
    body = body_p(ed["paras"], photo=c.photo, zoom="기사 이미지 확대 보기", close="닫기")
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
{meta}
<title>{T(ed['title'])} : 한결일보</title>
<meta name="description" content="{E(c.lead)}">
<meta property="og:title" content="{E(ed['title'])}">
<meta property="og:site_name" content="한결일보">
{link_tags(c)}
<link rel="stylesheet" href="/css/article.css?v=20260911">
<script src="/js/jquery-3.7.1.min.js"></script>
</head>
<body>
<div id="wrap">
<div id="header">
<div class="top-util"><a href="/member/login">로그인</a> | <a href="/member/join">회원가입</a> | <a href="https://en.hangyeol.example/" hreflang="en">ENGLISH</a> | <a href="/subscribe">구독신청</a></div>
<h1 class="logo"><a href="https://news.hangyeol.example/">한결일보</a></h1>
<div class="today">{d.year}년 {d.month}월 {d.day}일 {WD_KO[d.weekday()]}요일</div>
<ul id="gnb"><li><a href="/politics">정치</a></li><li><a href="/economy">경제</a></li><li><a href="/society">사회</a></li><li><a href="/world">국제</a></li><li><a href="/culture">문화</a></li><li><a href="/sports">스포츠</a></li><li><a href="/opinion">오피니언</a></li><li><a href="/people">사람</a></li></ul>
</div>
<div id="container">
<div class="article-head">
<p class="section"><a href="/{sec}">{sec}</a></p>
<h2 class="title">{T(ed['title'])}</h2>
<div class="info"><span class="date">입력 {ymd_hm(d)}</span>{mod} <span class="name">{r[0]} 기자</span></div>
<div class="util"><button type="button">글자크기</button> <button type="button">인쇄</button> <button type="button">스크랩</button> <button type="button" class="share">공유하기</button></div>
</div>
<div id="article-body" class="article-txt">
{body}
<p class="reporter-info">{r[0]} 기자 {r[2]}@hangyeol.example</p>
</div>
<div class="copyright">&lt;ⓒ 한결일보 - 무단 전재 및 재배포 금지&gt;</div>
<div class="share-bottom"><a href="#">페이스북</a> <a href="#">X</a> <a href="#">카카오톡</a> <a href="#">링크 복사</a></div>
<div class="related"><h3>관련기사</h3>
<ul>
{teaser_li(c.related)}
</ul></div>
</div>
<div id="aside"><h3>많이 본 뉴스</h3>
<ol>
{teaser_li(c.popular, ordered=True)}
</ol></div>
<div id="layer-photo" style="display:none"><button type="button" class="close">닫기</button></div>
<div id="footer">
<p><a href="/company">회사소개</a> | <a href="/ad">광고안내</a> | <a href="/privacy">개인정보처리방침</a> | <a href="/youth">청소년보호정책</a> | <a href="/report">독자권익위원회</a></p>
<p>(주)한결일보 서울특별시 중구 세종대로 000 | 대표전화 02-000-0000 | 등록번호 서울 아00000</p>
<p>Copyright &copy; {d.year} 한결일보. All rights reserved.</p>
</div>
</div>
</body>
</html>
"""


def hangyeol_en(s, ed, c):
    d = c.when
    sec = SECTIONS[s["topic"]][1]
    mod = f' <span class="date">Modified : {ymd_hm(c.modified, "-")}</span>' if c.modified else ""
    body = body_p(ed["paras"], photo=c.photo, zoom="기사 이미지 확대 보기", close="닫기")
    note = ('<p class="translated">This article was translated from the Korean edition by the Hangyeol English desk.</p>'
            if c.note else "")
    return f"""<!DOCTYPE html>
<html lang="{c.html_lang}">
<head>
<meta charset="utf-8">
<title>{T(ed['title'])} : The Hangyeol Daily</title>
<meta name="description" content="{E(c.lead)}">
<meta property="og:title" content="{E(ed['title'])}">
<meta property="og:site_name" content="The Hangyeol Daily">
{link_tags(c)}
<link rel="stylesheet" href="/css/en_article.css?v=20260911">
</head>
<body>
<div id="wrap">
<div id="header">
<div class="top-util"><a href="https://news.hangyeol.example/" hreflang="ko">한국어</a> | <a href="/subscribe">Subscribe</a> | <a href="/newsletter">Newsletter</a></div>
<h1 class="logo"><a href="https://en.hangyeol.example/">The Hangyeol Daily</a></h1>
<ul id="gnb"><li><a href="/national">National</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li><li><a href="/northkorea">North Korea</a></li><li><a href="/world">World</a></li><li><a href="/culture">Culture</a></li><li><a href="/sports">Sports</a></li><li><a href="/opinion">Opinion</a></li></ul>
</div>
<div id="container">
<div class="article-head">
<p class="section"><a href="/{sec.lower()}">{sec}</a></p>
<h2 class="title">{T(ed['title'])}</h2>
<div class="info"><span class="date">Posted : {ymd_hm(d, "-")}</span>{mod} <span class="name">By {c.en_byline}</span></div>
<div class="util"><button type="button">글자크기</button> <button type="button">Print</button> <button type="button" class="share">Share</button></div>
</div>
<div id="article-body" class="article-txt">
{body}
{note}
</div>
<div class="copyright">&copy; The Hangyeol Daily. All rights reserved.</div>
<div class="share-bottom"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a> <a href="#">Copy link</a></div>
<div class="related"><h3>Related articles</h3>
<ul>
{teaser_li(c.related)}
</ul></div>
</div>
<div id="aside"><h3>Most viewed</h3>
<ol>
{teaser_li(c.popular, ordered=True)}
</ol></div>
<div id="layer-photo" style="display:none"><button type="button" class="close">닫기</button></div>
<div id="footer">
<p><a href="/about">About Us</a> | <a href="/contact">Contact</a> | <a href="/privacy">Privacy Policy</a> | <a href="/terms">Terms of Service</a></p>
<p>The Hangyeol Daily, Sejong-daero, Jung District, Seoul | Tel. +82-2-000-0000</p>
<p>Copyright &copy; {d.year} The Hangyeol Daily. All rights reserved.</p>
</div>
</div>
</body>
</html>
"""


def seoulwire_ko(s, ed, c):
    d = c.when
    r = c.reporter
    paras = list(ed["paras"])
    lead = f"({s['place_ko']}=서울와이어) {r[0]} 기자 = "
    i = next(i for i, (k, _) in enumerate(paras) if k == "p")
    paras[i] = ("p", lead + paras[i][1])
    body = body_p(paras, photo=c.photo)
    sec = SECTIONS[s["topic"]][0]
    return f"""<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=1280">
<title>{T(ed['title'])} | 서울와이어</title>
<meta property="og:title" content="{E(ed['title'])}">
<meta property="og:type" content="article">
{link_tags(c)}
<link rel="stylesheet" href="https://static.seoulwire.example/css/view.css">
</head>
<body class="article">
<header class="gnb-wrap">
<a class="logo" href="https://www.seoulwire.example/">서울와이어 SEOUL WIRE</a>
<nav class="gnb"><a href="/news">최신뉴스</a> <a href="/politics">정치</a> <a href="/nk">북한</a> <a href="/economy">경제</a> <a href="/industry">산업</a> <a href="/society">사회</a> <a href="/local">전국</a> <a href="/world">세계</a> <a href="/culture">문화·연예</a> <a href="/sports">스포츠</a> <a href="/photo">포토</a></nav>
<a class="lang" href="https://en.seoulwire.example/">ENG</a> <a class="search" href="/search">검색</a>
</header>
<div class="content01 article-wrap">
<p class="nav-path"><a href="/">홈</a> &gt; <a href="/{sec}">{sec}</a></p>
<div class="title-article01">
<h1 class="tit">{T(ed['title'])}</h1>
<p class="update-time" data-published-time="{d.strftime('%Y%m%d%H%M')}">송고시간{ymd_hm(d, '-')}</p>
</div>
<div class="writer-zone01"><strong class="tit-name">{r[0]} 기자</strong> <a href="/reporter/{r[2]}">기자 페이지</a> <button type="button">구독</button></div>
<div class="share-zone"><button type="button">공유</button> <button type="button">댓글</button> <button type="button">글자크기 변경</button> <button type="button">인쇄</button></div>
<article class="story-news article">
{body}
<p>{r[2]}@seoulwire.example</p>
<p class="txt-copyright adrs">&lt;저작권자(c) 서울와이어, 무단 전재-재배포, AI 학습 및 활용 금지&gt;</p>
<p class="update-time">{d.year}/{d.month:02d}/{d.day:02d} {d.hour:02d}:{d.minute:02d} 송고</p>
</article>
<section class="box-related"><h2 class="title-type01">관련 뉴스</h2>
<ul>
{teaser_li(c.related)}
</ul></section>
<section class="box-popular"><h2 class="title-type01">많이 본 뉴스</h2>
<ol>
{teaser_li(c.popular, ordered=True)}
</ol></section>
</div>
<footer class="footer">
<p><a href="/about">회사소개</a> <a href="/terms">이용약관</a> <a href="/privacy"><strong>개인정보처리방침</strong></a> <a href="/ethics">윤리강령</a> <a href="/contact">고객센터</a></p>
<p>서울와이어 서울특별시 종로구 율곡로 000 | 사업자등록번호 000-00-00000</p>
<p>Copyright &copy; Seoul Wire. All rights reserved.</p>
</footer>
</body>
</html>
"""


def seoulwire_en(s, ed, c):
    d = c.when
    paras = list(ed["paras"])
    lead = f"{s['place_en']}, {MON_AP[d.month - 1]} {d.day} (Seoul Wire) -- "
    i = next(i for i, (k, _) in enumerate(paras) if k == "p")
    paras[i] = ("p", lead + paras[i][1])
    body = body_p(paras, photo=c.photo)
    sec = SECTIONS[s["topic"]][1]
    stamp = f"{d.hour:02d}:{d.minute:02d} {MON_FULL[d.month - 1]} {d.day:02d}, {d.year}"
    upd = ""
    if c.modified:
        m = c.modified
        upd = f' <span class="updated">Updated {m.hour:02d}:{m.minute:02d} {MON_FULL[m.month - 1]} {m.day:02d}, {m.year}</span>'
    banner = '<div class="breaking">LATEST</div>\n' if c.variant == "update" else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{T(ed['title'])} | Seoul Wire</title>
<meta property="og:title" content="{E(ed['title'])}">
<meta property="og:type" content="article">
{link_tags(c)}
<link rel="stylesheet" href="https://static.seoulwire.example/css/en_view.css">
</head>
<body class="article en">
<header class="gnb-wrap">
<a class="logo" href="https://en.seoulwire.example/">SEOUL WIRE</a>
<nav class="gnb"><a href="/national">National</a> <a href="/nk">North Korea</a> <a href="/economy">Economy</a> <a href="/business">Business</a> <a href="/culture">Culture</a> <a href="/sports">Sports</a> <a href="/photo">Photos</a></nav>
<a class="lang" href="https://www.seoulwire.example/">KOR</a>
</header>
{banner}<div class="content01 article-wrap">
<p class="nav-path"><a href="/">Home</a> &gt; <a href="/{sec.lower()}">{sec}</a></p>
<h1 class="tit">{T(ed['title'])}</h1>
<p class="date">All News {stamp}{upd}</p>
<div class="share-zone"><button type="button">Facebook</button> <button type="button">X</button> <button type="button">Email</button> <button type="button">Print</button></div>
<p class="byline">By {c.en_byline}</p>
<article class="story-news">
{body}
<p>{c.reporter[2]}@seoulwire.example</p>
<p>(END)</p>
</article>
<section class="box-related"><h2>Related News</h2>
<ul>
{teaser_li(c.related)}
</ul></section>
<section class="box-popular"><h2>Most Read</h2>
<ol>
{teaser_li(c.popular, ordered=True)}
</ol></section>
</div>
<footer class="footer">
<p><a href="/about">About Us</a> <a href="/terms">Terms of Use</a> <a href="/privacy">Privacy Policy</a></p>
<p>(c) Seoul Wire {d.year}. All rights reserved. Reproduction, redistribution and use for AI training prohibited.</p>
</footer>
</body>
</html>
"""


def nuri_jsonld(s, ed, c, lang):
    desc = c.lead.replace("\\", "\\\\").replace('"', '\\"')
    title = ed["title"].replace("\\", "\\\\").replace('"', '\\"')
    return (f'<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",'
            f'"headline":"{E(title, quote=False)}","description":"{E(desc, quote=False)}",'
            f'"datePublished":"{iso(c.when)}","inLanguage":"{lang}",'
            f'"publisher":{{"@type":"Organization","name":"{"누리경제" if lang == "ko" else "Nuri Economic Times"}"}}}}</script>')


def nuri_ko(s, ed, c):
    d = c.when
    r = c.reporter
    chunks = []
    first = True
    for kind, text in ed["paras"]:
        if kind == "cap":
            chunks.append(figure(text, "기사 이미지 확대 보기", None))
        else:
            t = E(text, quote=False)
            if first:
                t = f"[누리경제 {r[0]} 기자] " + t
                first = False
            chunks.append(t)
    body = "<br /><br />\n".join(chunks)
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="UTF-8">
<title>{T(ed['title'])} - 누리경제</title>
<meta property="og:title" content="{E(ed['title'])}">
<meta property="og:description" content="{E(c.lead)}">
{link_tags(c)}
{nuri_jsonld(s, ed, c, "ko")}
</head>
<body>
<div class="top-banner"><a href="/event">누리경제 창간 25주년 독자 이벤트</a></div>
<header id="user-header">
<a class="logo" href="https://www.nurieconomy.example/">누리경제</a>
<nav><ul class="nav"><li><a href="/finance">금융</a></li><li><a href="/stock">증권</a></li><li><a href="/industry">산업</a></li><li><a href="/realestate">부동산</a></li><li><a href="/it">IT·과학</a></li><li><a href="/policy">정책</a></li><li><a href="/world">글로벌</a></li><li><a href="/people">피플</a></li></ul></nav>
<div class="market-ticker">코스피 · 코스닥 · 원/달러 실시간 시세 보기</div>
</header>
<main>
<section class="article-view">
<header class="article-view-header">
<h1 class="heading">{T(ed['title'])}</h1>
<ul class="infomation"><li>{r[0]} 기자</li><li>기사입력 {d.year}년 {d.month:02d}월 {d.day:02d}일 {d.hour:02d}시 {d.minute:02d}분</li><li><a href="#comments">댓글 0</a></li></ul>
<div class="share"><a href="#">카카오톡</a> <a href="#">페이스북</a> <a href="#">네이버 블로그</a> <a href="#">URL복사</a> <a href="#">인쇄</a></div>
</header>
<div id="article-view-content-div" class="article-body" itemprop="articleBody">
{body}
</div>
<div class="writer"><strong>{r[0]} 기자</strong> {r[2]}@nurieconomy.example <a href="/reporter/{r[2]}">다른기사 보기</a></div>
<p class="copy">저작권자 &copy; 누리경제 무단전재 및 재배포 금지</p>
<div class="recommend"><button type="button">좋아요 0</button> <button type="button">훈훈해요 0</button> <button type="button">슬퍼요 0</button></div>
<aside class="relation"><h2>관련기사</h2>
<ul>
{teaser_li(c.related)}
</ul></aside>
</section>
<aside class="side">
<h2>많이 본 뉴스</h2>
<ol class="auto-rank">
{teaser_li(c.popular, ordered=True)}
</ol>
</aside>
</main>
<footer>
<p><a href="/about">회사소개</a> · <a href="/join">기사제보</a> · <a href="/privacy">개인정보처리방침</a> · <a href="/youth">청소년보호정책</a> · <a href="/copyright">저작권보호정책</a></p>
<p>누리경제 | 서울특별시 영등포구 여의대로 000 | 발행·편집인 홍길동 | 청소년보호책임자 김철수</p>
<p>누리경제의 모든 콘텐츠는 저작권법의 보호를 받습니다. Copyright &copy; {d.year} nurieconomy.example All rights reserved.</p>
</footer>
</body>
</html>
"""


def nuri_en(s, ed, c):
    d = c.when
    body = body_p(ed["paras"], photo=c.photo)
    mod = f" &nbsp; Updated {ymd_hm(c.modified)} KST" if c.modified else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>{T(ed['title'])} - Nuri Economic Times</title>
<meta property="og:title" content="{E(ed['title'])}">
<meta property="og:description" content="{E(c.lead)}">
{link_tags(c)}
{nuri_jsonld(s, ed, c, "en")}
</head>
<body>
<header id="user-header">
<a class="logo" href="https://en.nurieconomy.example/">Nuri Economic Times</a>
<nav><ul class="nav"><li><a href="/markets">Markets</a></li><li><a href="/companies">Companies</a></li><li><a href="/policy">Policy</a></li><li><a href="/tech">Tech</a></li><li><a href="/property">Property</a></li><li><a href="https://www.nurieconomy.example/">한국어</a></li></ul></nav>
</header>
<main>
<section class="article-view">
<header class="article-view-header">
<h1 class="heading">{T(ed['title'])}</h1>
<p class="byline">By {c.en_byline}</p>
<p class="date">Published {ymd_hm(d)} KST{mod}</p>
</header>
<div class="article-body">
{body}
</div>
<p class="copy">&copy; Nuri Economic Times. All rights reserved.</p>
<aside class="relation"><h2>Related stories</h2>
<ul>
{teaser_li(c.related)}
</ul></aside>
</section>
<aside class="side">
<h2>Most popular</h2>
<ol class="auto-rank">
{teaser_li(c.popular, ordered=True)}
</ol>
<div class="newsletter"><h3>Morning Briefing</h3><p>Get the day's top business stories in your inbox.</p><button type="button">Sign up</button></div>
</aside>
</main>
<footer>
<p><a href="/about">About</a> · <a href="/advertise">Advertise</a> · <a href="/privacy">Privacy</a></p>
<p>Copyright &copy; {d.year} Nuri Economic Times. All rights reserved.</p>
</footer>
</body>
</html>
"""


def bridge(s, ed, c, lang):
    d = c.when
    ko = lang == "ko"
    sec = SECTIONS[s["topic"]][0 if ko else 1]
    body = body_p(ed["paras"], photo=c.photo)
    if ko:
        when = f"{d.year}년 {d.month}월 {d.day}일 ({WD_KO[d.weekday()]}) {ko_ampm(d)}"
        by = f"글 {c.reporter[0]} 기자"
    else:
        when = f"{WD_EN[d.weekday()]}, {MON_SHORT[d.month - 1]} {d.day}, {d.year}, {en_ampm(d)} KST"
        by = f"By {c.en_byline}, Korea Bridge"
    switch = ""
    if c.switch_url:
        switch = (f'<p class="lang-switch"><a href="{E(c.switch_url)}">'
                  f'{"Read in English" if ko else "한국어로 읽기"}</a></p>')
    L = {
        "ko": dict(site="코리아브리지", home="https://koreabridge.example/ko/", menu=["전체기사", "정치", "경제", "사회", "문화", "스포츠", "지역"],
                   rel="함께 읽을 기사", pop="지금 많이 읽는 기사", nl="코리아브리지 뉴스레터 받아보기", cm="댓글",
                   foot="코리아브리지의 기사는 저작권법에 따라 보호됩니다."),
        "en": dict(site="Korea Bridge", home="https://koreabridge.example/en/", menu=["Latest", "Politics", "Economy", "Society", "Culture", "Sports", "Regions"],
                   rel="Read next", pop="Trending now", nl="Subscribe to the Korea Bridge newsletter", cm="Comments",
                   foot="Korea Bridge articles are protected by copyright."),
    }[lang]
    menu = " ".join(f'<a href="{L["home"]}{m.lower()}">{m}</a>' for m in L["menu"])
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{T(ed['title'])} &#8211; {L['site']}</title>
<meta property="og:title" content="{E(ed['title'])}">
<meta name="twitter:card" content="summary_large_image">
{link_tags(c)}
<link rel="stylesheet" href="https://koreabridge.example/wp-content/themes/bridge/style.css?ver=4.2.1">
</head>
<body class="post-template-default single single-post">
<a class="skip-link" href="#content">{'본문 바로가기' if ko else 'Skip to content'}</a>
<header class="site-header">
<p class="site-title"><a href="{L['home']}">{L['site']}</a></p>
<nav class="main-navigation">{menu} <a href="https://koreabridge.example/{'en' if ko else 'ko'}/">{'EN' if ko else 'KO'}</a></nav>
</header>
<main id="content" class="site-main">
<article class="post type-post status-publish">
<header class="entry-header">
<span class="cat-links"><a href="{L['home']}{sec.lower()}">{sec}</a></span>
<h1 class="entry-title">{T(ed['title'])}</h1>
<div class="entry-meta"><address class="author">{by}</address> <time class="entry-date published" datetime="{iso(d)}">{when}</time></div>
{switch}
</header>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer">
<div class="sharedaddy"><h3>{'공유하기' if ko else 'Share this:'}</h3><a href="#">Facebook</a> <a href="#">X</a> <a href="#">{'카카오톡' if ko else 'WhatsApp'}</a> <a href="#">{'링크 복사' if ko else 'Copy link'}</a></div>
<div class="newsletter-box">{L['nl']} <input type="email" placeholder="email@example.com"> <button type="submit">OK</button></div>
</footer>
</article>
<section class="related-posts"><h2>{L['rel']}</h2>
<ul>
{teaser_li(c.related)}
</ul></section>
<section id="comments" class="comments-area"><h2>{L['cm']} ({c.comments})</h2></section>
</main>
<aside class="widget-area"><h2>{L['pop']}</h2>
<ol>
{teaser_li(c.popular, ordered=True)}
</ol></aside>
<footer class="site-footer"><p>{L['foot']} &copy; {d.year} {L['site']}</p><p><a href="https://koreabridge.example/privacy">Privacy</a> | <a href="https://koreabridge.example/about">About</a></p></footer>
</body>
</html>
"""


def hangyeol_print(s, ed, c):
    d = c.when
    body = body_p([p for p in ed["paras"] if p[0] == "p"])
    return f"""<html>
<head>
<meta charset="euc-kr">
<title>한결일보 - 인쇄하기</title>
<link rel="canonical" href="{E(c.canonical)}">
<style>body{{font-family:serif;width:640px;margin:20px auto}} .print-top button{{float:right}}</style>
</head>
<body onload="window.print();">
<div class="print-top"><img src="/img/logo_print.gif" alt="한결일보"> <button onclick="window.print()">인쇄하기</button> <button onclick="window.close()">닫기</button></div>
<h1>{T(ed['title'])}</h1>
<p class="info">입력 {ymd_hm(d)} | {c.reporter[0]} 기자</p>
<div class="txt">
{body}
</div>
<p class="url">기사 주소: {E(c.canonical)}</p>
<p>Copyright &copy; 한결일보. All rights reserved.</p>
</body>
</html>
"""


def hangyeol_mobile(s, ed, c):
    d = c.when
    body = body_p(ed["paras"], photo=c.photo, zoom="기사 이미지 확대 보기", close="닫기")
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,user-scalable=no">
<title>{T(ed['title'])} - 한결일보 모바일</title>
{link_tags(c)}
</head>
<body class="m-article">
<header class="m-header"><button type="button" class="btn-menu">메뉴</button><a class="logo" href="https://m.hangyeol.example/">한결일보</a><button type="button" class="btn-search">검색</button></header>
<nav class="m-tab"><a href="/">홈</a><a href="/live">속보</a><a href="/society">사회</a><a href="/economy">경제</a><a href="/politics">정치</a><a href="/sports">스포츠</a></nav>
<div class="m-title"><h1>{T(ed['title'])}</h1><p class="m-info">{c.reporter[0]} 기자 | {ymd_hm(d)}</p></div>
<div class="ad-m" data-slot="m_top">광고</div>
<div class="m-body">
{body}
</div>
<div class="m-like"><button type="button">이 기사를 추천합니다</button> <span>추천 {c.comments}</span></div>
<div class="ad-m" data-slot="m_bottom">광고</div>
<section class="m-rank"><h2>실시간 인기 기사</h2>
<ol>
{teaser_li(c.popular, ordered=True)}
</ol></section>
<footer class="m-footer"><a href="https://news.hangyeol.example/">PC버전</a> | <a href="/app">앱 설치</a> | <a href="/privacy">개인정보처리방침</a><p>&copy; 한결일보</p></footer>
</body>
</html>
"""


def nuri_amp(s, ed, c):
    d = c.when
    body = body_p(ed["paras"])
    return f"""<!doctype html>
<html amp lang="ko">
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<title>{T(ed['title'])}</title>
<link rel="canonical" href="{E(c.canonical)}">
<meta name="viewport" content="width=device-width">
<style amp-boilerplate>body{{visibility:hidden}}</style>
</head>
<body>
<header class="amp-head"><a href="https://www.nurieconomy.example/">누리경제</a> <button on="tap:sidebar.toggle">메뉴</button></header>
<article>
<h1>{T(ed['title'])}</h1>
<p class="meta">{c.reporter[0]} 기자 · 승인 {ymd_hm(d)}</p>
{body}
<p class="copy">저작권자 &copy; 누리경제 무단전재 및 재배포 금지</p>
</article>
<section class="amp-more"><h2>이 시각 주요뉴스</h2>
<ul>
{teaser_li(c.popular)}
</ul></section>
<footer><a href="{E(c.canonical)}">PC버전으로 보기</a></footer>
</body>
</html>
"""


def japanese(s, ed, c):
    d = c.when
    body = body_p(ed["paras"])
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<title>{T(ed['title'])}｜南方新報デジタル</title>
<link rel="canonical" href="{E(c.canonical)}">
</head>
<body>
<header><a href="https://www.nanpou-shimbun.example/">南方新報デジタル</a>
<nav><a href="/national">社会</a> <a href="/politics">政治</a> <a href="/economy">経済</a> <a href="/weather">天気・災害</a> <a href="/sports">スポーツ</a></nav></header>
<main>
<article>
<h1>{T(ed['title'])}</h1>
<p class="date"><time datetime="{iso(d)}">{d.year}年{d.month}月{d.day}日 {d.hour}時{d.minute:02d}分</time></p>
{body}
<p class="share">この記事をシェアする：X　Facebook　LINE</p>
</article>
<aside><h2>アクセスランキング</h2><ol><li>台風接近で交通機関に乱れ　週末の予定に注意</li><li>那覇市でガソリン価格が上昇</li><li>高校野球秋季大会の組み合わせ決まる</li></ol></aside>
</main>
<footer>&copy; 南方新報社 無断転載を禁じます</footer>
</body>
</html>
"""


def bilingual(s, c):
    d = c.when
    ko, en = s["ed"]["ko"], s["ed"]["en"]
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>{T(ko['title'])} | 서울시 보도자료</title>
<link rel="canonical" href="{E(c.canonical)}">
</head>
<body>
<header><a href="https://news.seoul-city.example/">내 손안에 서울</a> <nav><a href="/">뉴스</a> <a href="/press">보도자료</a> <a href="/en">English</a></nav></header>
<main>
<article class="press-release">
<p class="category">보도자료 · Press release</p>
<h1>{T(ko['title'])}</h1>
<h2 class="en-title">{T(en['title'])}</h2>
<p class="date">{d.year}.{d.month:02d}.{d.day:02d} | 담당부서 글로벌도시정책과</p>
<section class="ko">
{body_p(ko['paras'])}
</section>
<hr>
<section class="en" lang="en">
<p class="label">[English]</p>
{body_p(en['paras'])}
</section>
<p class="contact">문의 Contact: 02-000-0000</p>
</article>
</main>
<footer>서울특별시 &copy; Seoul Metropolitan Government</footer>
</body>
</html>
"""


TEMPLATES = {
    ("hangyeol", "ko"): hangyeol_ko, ("hangyeol", "en"): hangyeol_en,
    ("seoulwire", "ko"): seoulwire_ko, ("seoulwire", "en"): seoulwire_en,
    ("nuri", "ko"): nuri_ko, ("nuri", "en"): nuri_en,
    ("bridge", "ko"): lambda s, ed, c: bridge(s, ed, c, "ko"),
    ("bridge", "en"): lambda s, ed, c: bridge(s, ed, c, "en"),
}

# ---------------------------------------------------------------------------
# building


def make_url(rng, site, lang, s, when, ed):
    ymd = when.strftime("%Y%m%d")
    if site == "hangyeol":
        return (f"https://news.hangyeol.example/article/{rng.randint(310000, 329999)}" if lang == "ko"
                else f"https://en.hangyeol.example/news/{rng.randint(41000, 47999)}")
    if site == "seoulwire":
        return (f"https://www.seoulwire.example/view/AKR{ymd}{rng.randint(0, 999999):06d}" if lang == "ko"
                else f"https://en.seoulwire.example/view/AEN{ymd}{rng.randint(0, 9999):06d}")
    if site == "nuri":
        host = "www" if lang == "ko" else "en"
        return f"https://{host}.nurieconomy.example/news/articleView.html?idxno={rng.randint(200000, 260000)}"
    if site == "bridge":
        tail = rng.randint(10000, 99999) if lang == "ko" else slugify(ed["title"])
        return f"https://koreabridge.example/{lang}/{when.year}/{when.month:02d}/{when.day:02d}/{tail}/"
    raise ValueError(site)


def lead_of(ed, n=110):
    t = next(x for k, x in ed["paras"] if k == "p")
    return t if len(t) <= n else t[:n].rstrip() + "…"


def main():
    rng = random.Random(SEED)
    stories = parse_texts()
    byid = {s["id"]: s for s in stories}
    pairs = [s for s in stories if s["kind"] == "pair"]

    # editions present in the crawl, with their time, site and URL
    editions = {}  # (id, lang) -> dict
    for s in stories:
        for lang in ("ko", "en"):
            if lang not in s["ed"] or s["kind"] not in ("pair", "ko-only", "en-only"):
                continue
            when = s["date"] if (lang == "ko" or s["kind"] == "en-only") else s["date"] + dt.timedelta(minutes=s["delay"])
            site = s["site_ko"] if lang == "ko" else s["site_en"]
            editions[(s["id"], lang)] = {"when": when, "site": site,
                                         "url": make_url(rng, site, lang, s, when, s["ed"][lang])}

    # hreflang linking: about a third of the pairs, chosen among same-outlet pairs
    same_site = [s["id"] for s in pairs if s["site_ko"] == s["site_en"]]
    rng.shuffle(same_site)
    linking = {}
    for i, sid in enumerate(same_site[:12]):
        linking[sid] = "both" if i < 8 else ("ko" if i < 10 else "en")

    # near-duplicate copies: (story, lang) -> extra variants
    dupes = {("typhoon-2", "ko"): ["print", "mobile"], ("trade-3", "en"): ["update"],
             ("kospi-record", "ko"): ["amp"]}
    for (sid, lang) in dupes:
        assert editions[(sid, lang)]["site"] in ("hangyeol", "seoulwire", "nuri"), sid

    # Korean pages on the Hangyeol desktop site are served as EUC-KR; a few pages that are
    # not in hreflang pairs carry a site-wide alternate link to the English home page.
    homepage_alt = [s["id"] for s in stories if s["kind"] in ("pair", "ko-only")
                    and s["site_ko"] == "hangyeol" and s["id"] not in linking]
    rng.shuffle(homepage_alt)
    homepage_alt = set(homepage_alt[:3])

    def teasers(sid, lang, site, topic, n_rel, n_pop):
        same = [k for k in editions if k[1] == lang and k[0] != sid and byid[k[0]]["topic"] == topic]
        others = [k for k in editions if k[1] == lang and k[0] != sid]
        rng.shuffle(same)
        rel = [(byid[k[0]]["ed"][lang]["title"], teaser_url(k, site)) for k in same[:n_rel]]
        if len(rel) < 2:
            extra = [k for k in others if k not in same]
            rng.shuffle(extra)
            rel += [(byid[k[0]]["ed"][lang]["title"], teaser_url(k, site)) for k in extra[:2]]
        pool = [(byid[k[0]]["ed"][lang]["title"], teaser_url(k, site)) for k in others]
        pool += [(t, phantom_url(site, lang, t)) for t in PHANTOM[lang]]
        rng.shuffle(pool)
        return rel, pool[:n_pop]

    def teaser_url(key, site):
        e = editions[key]
        if e["site"] == site:
            return e["url"]
        s = byid[key[0]]
        return make_url(random.Random(hash_str(key[0] + key[1] + site)), site, key[1], s, e["when"], s["ed"][key[1]])

    def phantom_url(site, lang, title):
        return make_url(random.Random(hash_str(title + site)), site, lang, None,
                        dt.datetime(2026, 10, 1 + hash_str(title) % 28), {"title": "story " + str(hash_str(title) % 997)})

    pages = []  # dicts: html, encoding, lang, story, role, site, variant

    def reporter_for(s):
        return REPORTERS[rng.randrange(len(REPORTERS))]

    reporters = {s["id"]: reporter_for(s) for s in stories}

    def render(s, lang, variant="main"):
        e = editions[(s["id"], lang)]
        site, when = e["site"], e["when"]
        ed = s["ed"][lang]
        r = reporters[s["id"]]
        mode = linking.get(s["id"])
        other = "en" if lang == "ko" else "ko"
        alternates, canonical = [], None
        if mode:
            canonical = e["url"]
            if mode == "both" or mode == lang:
                alternates = [(lang, e["url"]), (other, editions[(s["id"], other)]["url"])]
        elif s["link"] == f"missing-{other}":
            canonical = e["url"]
            fake = make_url(rng, site, other, s, when + dt.timedelta(hours=3), {"title": ed["title"] + " x"})
            alternates = [(lang, e["url"]), (other, fake)]
        elif rng.random() < 0.4:
            canonical = e["url"]
        if s["id"] in homepage_alt and lang == "ko":
            alternates.append(("en", "https://en.hangyeol.example/"))
        if site == "bridge" and not alternates:
            alternates.append(("x-default", "https://koreabridge.example/"))
        published = None
        if (site == "nuri" and rng.random() < 0.5) or rng.random() < 0.06:
            published = iso(when)
        rel, pop = teasers(s["id"], lang, site, s["topic"], 4, 5)
        gen_cap = GENERIC_CAP[site][0 if lang == "ko" else 1]
        c = Ctx(when=when, canonical=canonical, alternates=alternates, published=published,
                related=rel, popular=pop, reporter=r, lead=lead_of(ed),
                photo=gen_cap if rng.random() < 0.45 else None,
                modified=when + dt.timedelta(minutes=rng.randint(8, 95)) if rng.random() < 0.4 else None,
                http_equiv=rng.random() < 0.35, note=rng.random() < 0.5,
                html_lang="ko" if rng.random() < 0.3 else "en",
                en_byline=r[1] if rng.random() < 0.65 else EN_STAFF[rng.randrange(len(EN_STAFF))],
                switch_url=(editions[(s["id"], other)]["url"] if mode == "both" and site == "bridge" else None),
                comments=rng.randint(0, 140), variant=variant)
        enc = "euc-kr" if (site == "hangyeol" and lang == "ko") else "utf-8"
        if variant == "main":
            text = TEMPLATES[(site, lang)](s, ed, c)
        elif variant == "print":
            c.canonical = e["url"]
            text = hangyeol_print(s, ed, c)
        elif variant == "mobile":
            c.canonical = e["url"]
            c.alternates = []
            c.popular = teasers(s["id"], lang, site, s["topic"], 0, 6)[1]
            text = hangyeol_mobile(s, ed, c)
            enc = "utf-8"
        elif variant == "amp":
            c.canonical = e["url"]
            c.popular = teasers(s["id"], lang, site, s["topic"], 0, 6)[1]
            text = nuri_amp(s, ed, c)
        elif variant == "update":
            c.modified = when + dt.timedelta(minutes=rng.randint(120, 300))
            text = TEMPLATES[(site, lang)](s, ed, c)
        else:
            raise ValueError(variant)
        if site == "hangyeol" and variant in ("main", "print"):
            text = text.replace("\n", "\r\n")
        return text, enc, site

    for s in stories:
        kind = s["kind"]
        if kind in ("pair", "ko-only", "en-only"):
            for lang in ("ko", "en"):
                if (s["id"], lang) not in editions:
                    continue
                role = lang if kind == "pair" else f"{lang}-orphan"
                text, enc, site = render(s, lang)
                pages.append(dict(html=text, enc=enc, lang=lang, story=s["id"], role=role, site=site, variant="main"))
                for v in dupes.get((s["id"], lang), []):
                    text, enc, site = render(s, lang, v)
                    pages.append(dict(html=text, enc=enc, lang=lang, story=s["id"], role="copy", site=site, variant=v))
        elif kind == "ja":
            c = Ctx(when=s["date"], canonical=f"https://www.nanpou-shimbun.example/articles/{rng.randint(100000, 999999)}")
            pages.append(dict(html=japanese(s, s["ed"]["ja"], c), enc="utf-8", lang="ja", story=s["id"],
                              role="bad", kind="third-language", site="jp", variant="main"))
        elif kind == "bilingual":
            c = Ctx(when=s["date"], canonical=f"https://news.seoul-city.example/press/{rng.randint(400000, 499999)}")
            pages.append(dict(html=bilingual(s, c), enc="utf-8", lang="ko+en", story=s["id"], role="bad",
                              kind="bilingual", site="seoul-city", variant="main"))
        elif kind == "truncated":
            editions[(s["id"], "ko")] = {"when": s["date"], "site": s["site_ko"],
                                         "url": make_url(rng, s["site_ko"], "ko", s, s["date"], s["ed"]["ko"])}
            text, enc, site = render(s, "ko")
            del editions[(s["id"], "ko")]
            body_start = text.index('<article class="story-news article">')
            cut = body_start
            for _ in range(3):  # cut inside the opening tag of the third paragraph
                cut = text.index("<p", cut + 1)
            text = text[:cut + 2]
            pages.append(dict(html=text, enc=enc, lang="ko", story=s["id"], role="bad", kind="truncated",
                              site=site, variant="main"))

    # raw bad pages
    pages.append(dict(html=b"", enc=None, lang="-", story="-", role="bad", kind="empty", site="-", variant="-"))
    png = bytearray(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\xe0\x00\x00\x01\x0e\x08\x06\x00\x00\x00")
    png += bytes(rng.randrange(256) for _ in range(4096))
    pages.append(dict(html=bytes(png), enc=None, lang="-", story="-", role="bad", kind="binary", site="-", variant="-"))

    # file names
    used = set()
    for p in pages:
        while True:
            name = f"{rng.getrandbits(48):012x}.html"
            if name not in used:
                used.add(name)
                break
        p["name"] = name

    # a couple of UTF-8 pages with a byte order mark
    utf8_main = [p for p in pages if p["enc"] == "utf-8" and p["role"] in ("ko", "en")]
    bom = set(id(p) for p in rng.sample(utf8_main, 2))

    if CRAWL.exists():
        shutil.rmtree(CRAWL)
    CRAWL.mkdir()
    for p in pages:
        if p["enc"] is None:
            data = p["html"]
        else:
            try:
                data = p["html"].encode(p["enc"])
            except UnicodeEncodeError as err:
                sys.exit(f"{p['story']} ({p['lang']}, {p['variant']}): cannot encode in {p['enc']}: {err}")
            if id(p) in bom:
                data = b"\xef\xbb\xbf" + data
        p["bytes"] = len(data)
        p["bom"] = id(p) in bom
        (CRAWL / p["name"]).write_bytes(data)

    # gold files
    main_page = {(p["story"], p["lang"]): p["name"] for p in pages if p["role"] in ("ko", "en", "ko-orphan", "en-orphan")}
    gold = sorted((main_page[(s["id"], "ko")], main_page[(s["id"], "en")]) for s in pairs)
    write_tsv("gold.tsv", ["ko", "en"], gold)
    dup_rows = sorted((p["name"], main_page[(p["story"], p["lang"])]) for p in pages if p["role"] == "copy")
    write_tsv("duplicates.tsv", ["page", "same_as"], dup_rows)
    write_tsv("bad.tsv", ["page", "kind"], sorted((p["name"], p["kind"]) for p in pages if p["role"] == "bad"))
    write_tsv("orphans.tsv", ["page", "lang"],
              sorted((p["name"], p["lang"]) for p in pages if p["role"].endswith("orphan")))
    write_tsv("pages.tsv", ["page", "story", "lang", "role", "site", "variant", "encoding", "hreflang", "bytes"],
              sorted((p["name"], p["story"], p["lang"], p["role"], p["site"], p["variant"],
                      (p["enc"] or "-") + ("+bom" if p.get("bom") else ""),
                      linking.get(p["story"], "-") if p["role"] in ("ko", "en", "copy") else "-",
                      str(p["bytes"])) for p in pages))

    total = sum(p["bytes"] for p in pages)
    n = lambda role: sum(1 for p in pages if p["role"] == role)
    print(f"{len(pages)} pages, {total} bytes: {len(gold)} pairs, {n('ko-orphan')} Korean-only, "
          f"{n('en-orphan')} English-only, {n('copy')} extra copies, {n('bad')} bad pages; "
          f"{sum(1 for p in pages if p['enc'] == 'euc-kr')} EUC-KR pages; hreflang on {len(linking)} pairs")


def write_tsv(name, header, rows):
    with open(HERE / name, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
