#!/usr/bin/env python3
"""Build an unpaired crawl for benches/pairing.sh: N Korean and N English HTML pages in one folder.

usage: pairing_crawl.py [--articles mixed|throughput] SET_DIR N DOC_DIR...

Articles are built from DOC_DIR/{ko.txt,en.txt,gold.json} (corpus/docs/*) with the code sentences of
benches/throughput.sh: every content block (gold paragraph bead, paired or not) gets a sentence of its own
carrying a letter code (`... agenda item BQXA.`), the same code in both editions, so no block recurs across
articles. The page chrome (nav, teasers, footer) recurs, as on a real site. `throughput`: article i is base
document i % len(DOC_DIR), as in throughput.sh (so N/8 articles share all but their codes); `mixed`
(default): the base gives the headline, its boilerplate and its bead slots, and each body slot gets a bead
drawn from every base's body beads, so articles are distinct as wholes too (see article()).

Of the articles, about 8% are only in Korean and 8% only in English (orphans), the rest in both; each side
gets exactly N pages. About 1% of the articles have a near-duplicate: a second copy of one edition, with the
same article blocks in another template (the site's mobile view) under another name. About 20% of the
Korean pages (site view) are EUC-KR (the windows-949 superset, as Korean portals send it) declared in a
<meta>. File names are 12 random hex characters + `.html`, from a fixed seed: same N, same crawl.

Writes, in SET_DIR (the layout ../shared/eval/score_pairing.py reads):
  crawl/*.html
  gold.tsv        ko, en: the true pairs (file names); a duplicated edition is listed by its first copy
  duplicates.tsv  page, original, lang: each second copy and the page it copies
  orphans.tsv     page, lang: every page whose article has no edition in the other language
  pages.tsv       page, lang, article, base, charset, role (pair | orphan | duplicate)
  stats.json      counts
"""
import html
import json
import os
import random
import sys

SEED = 20241206
ORPHAN_SHARE = 0.08  # of the articles, on each side
DUPLICATE_SHARE = 0.01  # of the articles
EUC_KR_SHARE = 0.20  # of the Korean site-view pages


def code(k):
    # As benches/throughput.sh: a letter code (base 26, at least four letters): template keys fold
    # digit runs, so a number would not make blocks distinct; an acronym in both editions is realistic.
    letters = ""
    for _ in range(4):
        k, r = divmod(k, 26)
        letters = chr(65 + r) + letters
    while k:
        k, r = divmod(k, 26)
        letters = chr(65 + r) + letters
    return letters


def load(docs):
    bases = []
    for d in docs:
        gold = json.load(open(os.path.join(d, "gold.json"), encoding="utf-8"))
        ko = open(os.path.join(d, "ko.txt"), encoding="utf-8").read()
        en = open(os.path.join(d, "en.txt"), encoding="utf-8").read()
        bases.append((ko, en, gold["beads"]))
    return bases


def pools_of(bases):
    """Every body bead (all but the headline) of every base document, by the editions it has."""
    pools = {}
    for b, (_, _, beads) in enumerate(bases):
        for k, bead in enumerate(beads[1:], 1):
            pools.setdefault((bool(bead["ko"]), bool(bead["en"])), []).append((b, k, bead))
    return pools


def article(bases, i, pools=None):
    """Article i's two editions as lists of blocks, and the index of each edition's headline block.

    Without pools, as benches/throughput.sh: base document i % len(bases), each bead's paragraphs with a code
    sentence each. With pools ("mixed"), the base gives the headline, the page's own boilerplate blocks and
    the bead slots; each body slot gets a bead drawn (per article, fixed seed) from all the bases' body beads
    with the same editions (1-0 for 1-0, ...), none twice in one article, so two articles share few paragraphs.
    """
    ko, en, beads = bases[i % len(bases)]
    plan = list(beads)
    if pools:
        r = random.Random(SEED * 1_000_003 + i)
        taken = set()
        for k in range(1, len(beads)):
            pool = pools[(bool(beads[k]["ko"]), bool(beads[k]["en"]))]
            while True:
                b, kk, bead = pool[r.randrange(len(pool))]
                if (b, kk) not in taken or all((x, y) in taken for x, y, _ in pool):
                    break
            taken.add((b, kk))
            plan[k] = bead
    texts = {"ko": ko, "en": en}
    for side, sentence in (("ko", "{p} 이 사안은 {c} 안건으로 다뤄졌다."), ("en", "{p} The matter was handled as agenda item {c}.")):
        text = texts[side]
        # Two steps, so a drawn paragraph is never taken for one of the page's own still to be replaced.
        for k, b in enumerate(beads):
            for j, para in enumerate(b[side]):
                text = text.replace(para, f"\x00{k}.{j}\x00", 1)
        for k, b in enumerate(beads):
            new = [sentence.format(p=para, c=code(i * 1000 + k * 10 + j)) for j, para in enumerate(plan[k][side])]
            for j in range(len(b[side])):
                text = text.replace(f"\x00{k}.{j}\x00", "\n\n".join(new) if j == 0 else "", 1)
        texts[side] = text
    out = []
    for side in ("ko", "en"):
        blocks = [b.strip() for b in texts[side].split("\n\n") if b.strip()]
        assert not any("\x00" in b for b in blocks), "every bead paragraph found in its page"
        head = beads[0][side][0] if beads and beads[0][side] else None
        h = next((n for n, b in enumerate(blocks) if head and b.startswith(head)), None)
        out.append((blocks, h))
    return out


# Site chrome: made-up, recurring on every page of a site (teasers are drawn from a small pool).
KO_NAV = ["홈", "정치", "경제", "사회", "국제", "문화", "스포츠", "오피니언", "포토"]
KO_TEASERS = [
    "주말 전국 흐리고 곳곳 비…낮 최고 23도",
    "수도권 아파트 전셋값 석 달째 상승",
    "올해 첫 한파주의보…내일 아침 영하 10도",
    "프로야구 개막전 티켓 5분 만에 매진",
    "지방 국립대 의대 정원 조정안 발표",
    "고속도로 휴게소 음식값 최대 20% 인하",
    "서울 지하철 심야 운행 다음 달부터 연장",
    "청년 월세 지원 신청 이달 말 마감",
    "국내 첫 자율주행 버스 정기 노선 운행",
    "가계대출 증가세 둔화…금리 동결 전망",
    "봄철 미세먼지 계절관리제 시행",
    "전통시장 온누리상품권 환급 행사",
]
KO_FOOTER = [
    "한빛일보 | 서울특별시 중구 세종대로 000 | 대표전화 02-000-0000 | 등록번호 서울 아00000",
    "발행인·편집인 김한빛 | 청소년보호책임자 이지원",
    "Copyright ⓒ 한빛일보. 무단 전재 및 재배포 금지.",
]
EN_NAV = ["Home", "National", "Politics", "Business", "World", "Culture", "Sports", "Opinion"]
EN_TEASERS = [
    "Cloudy weekend ahead with scattered showers nationwide",
    "Seoul subway to extend late-night service from next month",
    "Housing rents in greater Seoul rise for third straight month",
    "First cold wave advisory of the season issued",
    "Opening day baseball tickets sell out in five minutes",
    "Highway rest stops to cut food prices by up to 20 percent",
    "Self-driving bus begins regular route service",
    "Household loan growth slows as rate freeze expected",
    "Fine dust seasonal management program takes effect",
    "Traditional markets offer gift certificate refunds",
    "Youth rent subsidy applications close at month's end",
    "Regional medical school quota plan announced",
]
EN_FOOTER = [
    "The Hanbit Herald | 000 Sejong-daero, Jung-gu, Seoul | Tel 02-000-0000",
    "Publisher and Editor Kim Han-bit | Youth protection officer Lee Ji-won",
    "© The Hanbit Herald. All rights reserved. Reproduction prohibited.",
]
# The mobile view, where near-duplicates come from: other chrome around the same article blocks.
KO_M = {"top": ["한빛일보 모바일", "메뉴", "검색"], "rel": "관련 기사", "bottom": ["PC버전", "앱 다운로드", "맨 위로"],
        "pool": ["오늘의 운세", "날씨 한눈에 보기", "실시간 교통 정보", "주요 뉴스 브리핑", "포토 뉴스 모음", "독자 제보"]}
EN_M = {"top": ["Hanbit Herald Mobile", "Menu", "Search"], "rel": "Related stories", "bottom": ["Desktop site", "Get the app", "Back to top"],
        "pool": ["Today's weather at a glance", "Live traffic updates", "Morning news briefing", "Photo galleries", "Send us a tip", "Newsletters"]}


def esc(s):
    return html.escape(s, quote=False)


def site_page(lang, blocks, h, teasers, charset):
    nav, name, most, footer = (
        (KO_NAV, "한빛일보", "많이 본 뉴스", KO_FOOTER) if lang == "ko" else (EN_NAV, "The Hanbit Herald", "Most Read", EN_FOOTER))
    title = blocks[h] if h is not None else name
    meta = '<meta charset="utf-8">' if charset == "utf-8" else '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
    out = [f'<!DOCTYPE html>\n<html lang="{lang}"><head>{meta}<title>{esc(title)} - {esc(name)}</title></head>\n<body>',
           f'<header><div class="logo"><a href="/">{esc(name)}</a></div><nav><ul>'
           + "".join(f'<li><a href="/section/{n}">{esc(x)}</a></li>' for n, x in enumerate(nav)) + "</ul></nav></header>",
           '<main><article class="news">']
    for n, b in enumerate(blocks):
        out.append(f"<h1>{esc(b)}</h1>" if n == h else f"<p>{esc(b)}</p>")
    out.append("</article>")
    out.append(f'<aside class="most-read"><h2>{esc(most)}</h2><ol>'
               + "".join(f'<li><a href="/news/{t}">{esc(x)}</a></li>' for t, x in teasers) + "</ol></aside></main>")
    out.append("<footer>" + "".join(f"<p>{esc(x)}</p>" for x in footer) + "</footer>\n</body></html>\n")
    return "\n".join(out)


def mobile_page(lang, blocks, h, teasers):
    m = KO_M if lang == "ko" else EN_M
    title = blocks[h] if h is not None else m["top"][0]
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
           f"<title>{esc(title)}</title></head>\n<body>",
           f'<div class="m-top"><a href="/m/">{esc(m["top"][0])}</a> <button>{esc(m["top"][1])}</button> '
           f'<button>{esc(m["top"][2])}</button></div>',
           '<div class="m-article">']
    for n, b in enumerate(blocks):
        out.append(f'<h2 class="m-title">{esc(b)}</h2>' if n == h else f"<p>{esc(b)}</p>")
    out.append("</div>")
    out.append(f'<div class="m-related"><strong>{esc(m["rel"])}</strong><ul>'
               + "".join(f'<li><a href="/m/news/{t}">{esc(x)}</a></li>' for t, x in teasers) + "</ul></div>")
    out.append('<div class="m-bottom">' + " | ".join(f"<a>{esc(x)}</a>" for x in m["bottom"]) + "</div>\n</body></html>\n")
    return "\n".join(out)


def main():
    args = sys.argv[1:]
    kind_of_articles = "mixed"
    if args[:1] == ["--articles"] and len(args) > 1:
        kind_of_articles, args = args[1], args[2:]
    if len(args) < 3 or not args[1].isdigit() or int(args[1]) < 20 or kind_of_articles not in ("mixed", "throughput"):
        sys.exit("usage: pairing_crawl.py [--articles mixed|throughput] SET_DIR N DOC_DIR...  (N >= 20)")
    set_dir, n, docs = args[0], int(args[1]), args[2:]
    rng = random.Random(SEED)
    bases = load(docs)
    pools = pools_of(bases) if kind_of_articles == "mixed" else None

    # N pages a side: pairs + orphans on that side; orphans are ORPHAN_SHARE of all articles, each side.
    total = round(n / (1 - ORPHAN_SHARE))
    orphans = total - n
    pairs = n - orphans
    order = list(range(total))
    rng.shuffle(order)
    kind = {}
    for a in order[:orphans]:
        kind[a] = "ko"
    for a in order[orphans:2 * orphans]:
        kind[a] = "en"
    for a in order[2 * orphans:]:
        kind[a] = "both"
    dups = sorted(rng.sample(range(total), max(1, round(total * DUPLICATE_SHARE))))
    # Which edition gets the second copy: the one there is, or either.
    dup_lang = {a: (kind[a] if kind[a] != "both" else rng.choice(["ko", "en"])) for a in dups}
    ko_site = [a for a in range(total) if kind[a] in ("ko", "both")]
    euc = set(rng.sample(ko_site, round(len(ko_site) * EUC_KR_SHARE)))

    used = set()

    def name():
        while True:
            s = f"{rng.getrandbits(48):012x}.html"
            if s not in used:
                used.add(s)
                return s

    def teasers(pool, k=5):
        return [(rng.getrandbits(24), pool[t]) for t in rng.sample(range(len(pool)), k)]

    crawl = os.path.join(set_dir, "crawl")
    os.makedirs(crawl, exist_ok=True)
    gold, duplicates, orphan_rows, page_rows = [], [], [], []
    ncr_pages = 0
    for a in range(total):
        (kb, kh), (eb, eh) = article(bases, a, pools)
        base = os.path.basename(docs[a % len(docs)].rstrip("/"))
        names = {}
        for lang in ("ko", "en"):
            if kind[a] not in (lang, "both"):
                continue
            blocks, h = (kb, kh) if lang == "ko" else (eb, eh)
            charset = "euc-kr" if lang == "ko" and a in euc else "utf-8"
            page = site_page(lang, blocks, h, teasers(KO_TEASERS if lang == "ko" else EN_TEASERS), charset)
            if charset == "euc-kr":
                data = page.encode("cp949", errors="xmlcharrefreplace")
                ncr_pages += data.count(b"&#") > page.count("&#")
            else:
                data = page.encode("utf-8")
            f = name()
            open(os.path.join(crawl, f), "wb").write(data)
            names[lang] = f
            role = "pair" if kind[a] == "both" else "orphan"
            page_rows.append((f, lang, a, base, charset, role))
            if role == "orphan":
                orphan_rows.append((f, lang))
            if a in dup_lang and dup_lang[a] == lang:
                m = KO_M if lang == "ko" else EN_M
                g = name()
                open(os.path.join(crawl, g), "wb").write(mobile_page(lang, blocks, h, teasers(m["pool"], 4)).encode("utf-8"))
                duplicates.append((g, f, lang))
                page_rows.append((g, lang, a, base, "utf-8", "duplicate"))
                if role == "orphan":
                    orphan_rows.append((g, lang))
        if kind[a] == "both":
            gold.append((names["ko"], names["en"]))

    def write(fname, header, rows):
        with open(os.path.join(set_dir, fname), "w", encoding="utf-8") as out:
            out.write("\t".join(header) + "\n")
            for r in rows:
                out.write("\t".join(str(x) for x in r) + "\n")

    write("gold.tsv", ("ko", "en"), gold)
    write("duplicates.tsv", ("page", "original", "lang"), duplicates)
    write("orphans.tsv", ("page", "lang"), orphan_rows)
    write("pages.tsv", ("page", "lang", "article", "base", "charset", "role"), sorted(page_rows))
    stats = {
        "seed": SEED, "n": n, "articles_built": kind_of_articles, "articles": total, "pairs": pairs, "ko_without_en": orphans, "en_without_ko": orphans,
        "duplicates": len(duplicates), "duplicates_of_orphans": sum(1 for a in dups if kind[a] != "both"),
        "pages": len(page_rows), "ko_pages": sum(1 for r in page_rows if r[1] == "ko"),
        "en_pages": sum(1 for r in page_rows if r[1] == "en"), "euc_kr_pages": len(euc),
        "euc_kr_pages_with_char_refs": ncr_pages,
        "bytes": sum(os.path.getsize(os.path.join(crawl, r[0])) for r in page_rows),
    }
    json.dump(stats, open(os.path.join(set_dir, "stats.json"), "w"), indent=1)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
