#!/usr/bin/env python3
"""Builds the throughput corpus of `bench/run.sh`: N news-like HTML pages, deterministic.

Usage: bench/corpus.py OUT_DIR [--pages N] [--seed S] [--shared DIR]

The text comes, at bench time, from material we may use and never commit:
  * the UD English-EWT sentences (train, dev, test), grouped by their documents;
  * the geoparsing article sets in ../shared/data/geo (GeoVirus, GeoWebNews, TR-News, LGL);
  * the PETRARCH gold-standard news sentences (../shared/data/petrarch/gsr_real_news.jsonl);
  * the repo's own example page and coding test sentences (examples/, testdata/coding/).
Each page takes a window of one source document (its length drawn from a long-tailed
distribution), mixes in a few news sentences, and wraps it in one of several site templates
with varied furniture: navigation, cookie banners, inline scripts and styles, HTML comments,
share widgets, related links, newsletter boxes, reader comments, footers.

Page i depends only on (seed, i), so the first 1,000 pages of a 50,000-page corpus are the
1,000-page corpus. Pages go to OUT_DIR/pages/NNN/NNNNNN.html (1,000 per folder);
OUT_DIR/manifest.tsv lists them with their byte sizes.
"""

import argparse
import html
import json
import os
import random
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SENT_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences_of(text):
    """A rough sentence split, only used to cut paragraphs (dyad does its own)."""
    return [s.strip() for s in SENT_SPLIT.split(text) if s.strip()]


def load_ud(shared):
    """UD EWT documents: lists of sentences (`# text =` lines), grouped by `# newdoc`."""
    docs = []
    for part in ("train", "dev", "test"):
        path = shared / "data" / "ud" / f"en_ewt-ud-{part}.conllu"
        if not path.exists():
            continue
        cur = []
        for line in path.open(encoding="utf-8"):
            if line.startswith("# newdoc"):
                if cur:
                    docs.append(cur)
                cur = []
            elif line.startswith("# text = "):
                cur.append(line[len("# text = "):].strip())
        if cur:
            docs.append(cur)
    return docs


def load_geo(shared):
    """Geoparsing news articles: (title or None, paragraphs)."""
    arts = []
    geo = shared / "data" / "geo"
    for name in ("GeoVirus.xml", "GeoWebNews_GWN.xml", "TR-News.xml", "lgl.xml"):
        path = geo / name
        if not path.exists():
            continue
        for a in ET.parse(path).getroot().iter("article"):
            text = (a.findtext("text") or "").strip()
            if len(text) < 200:
                continue
            title = " ".join((a.findtext("title") or "").split()) or None
            paras = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
            sents = []
            for p in paras:
                sents.extend(sentences_of(" ".join(p.split())))
            arts.append((title, sents))
    return arts


def load_gsr(shared):
    path = shared / "data" / "petrarch" / "gsr_real_news.jsonl"
    out = []
    if path.exists():
        for line in path.open(encoding="utf-8"):
            if line.strip():
                out.append(" ".join(json.loads(line)["text"].split()))
    return out


def load_repo():
    """Our example page's paragraphs and the coding test sentences."""
    sents = []
    ex = REPO / "examples" / "ceasefire-talks.txt"
    if ex.exists():
        for p in ex.read_text(encoding="utf-8").split("\n\n"):
            p = " ".join(p.split())
            if len(p) > 80:
                sents.extend(sentences_of(p))
    for toml in sorted((REPO / "testdata" / "coding").glob("*.toml")):
        for line in toml.read_text(encoding="utf-8").splitlines():
            m = re.match(r'^text = "(.*)"$', line)
            if m:
                sents.append(m.group(1).replace('\\"', '"'))
    return sents


SITES = [
    ("Harbour Ledger", "harbour-ledger.example"),
    ("The Meridian Post", "meridian-post.example"),
    ("Northern Wire", "northern-wire.example"),
    ("Capital Dispatch", "capital-dispatch.example"),
    ("Global Affairs Daily", "global-affairs.example"),
    ("Riverside Courier", "riverside-courier.example"),
    ("The Evening Standard Bearer", "standard-bearer.example"),
    ("World Desk Online", "worlddesk.example"),
]
SECTIONS = ["World", "Politics", "Business", "Africa", "Asia", "Europe", "Americas",
            "Middle East", "Opinion", "Health", "Science", "Sport", "Local", "Video"]
FIRST = ["Ana", "Omar", "Lena", "Kwame", "Priya", "Jonas", "Mei", "Diego", "Sara", "Yusuf",
         "Ines", "Tomas", "Aisha", "Pavel", "Nora", "Kenji"]
LAST = ["Okafor", "Lindqvist", "Haddad", "Moreno", "Tanaka", "Novak", "Mensah", "Carvalho",
        "Petrov", "Achebe", "Kowalski", "Rahman", "Dubois", "Silva", "Nakamura", "Hughes"]
JS_WORDS = ["var", "function", "return", "window", "document", "dataLayer", "push", "config",
            "ads", "slot", "render", "if", "else", "null", "true", "false", "analytics",
            "querySelector", "addEventListener", "'click'", "setTimeout", "prebid", "bids"]


def js_blob(rng, size):
    """Minified-looking JavaScript of about `size` bytes."""
    parts = []
    n = 0
    while n < size:
        w = rng.choice(JS_WORDS)
        sep = rng.choice([".", "(", ");", "=", ",", "{", "}", " ", "&&", "||", "[0]", ":"])
        if rng.random() < 0.1:
            w = f"'{rng.choice(SECTIONS).lower()}-{rng.randrange(10000)}'"
        parts.append(w + sep)
        n += len(w) + len(sep)
    return "".join(parts)


def css_blob(rng, size):
    out = []
    n = 0
    while n < size:
        r = (f".c{rng.randrange(999)} .{rng.choice(['nav', 'hero', 'card', 'btn', 'grid'])}"
             f"{{margin:{rng.randrange(20)}px;color:#{rng.randrange(0xffffff):06x}}}")
        out.append(r)
        n += len(r)
    return "".join(out)


def esc(s):
    return html.escape(s, quote=False)


def link_list(rng, titles, k, cls):
    items = "".join(
        f'<li><a href="/{rng.choice(SECTIONS).lower().replace(" ", "-")}/{rng.randrange(10**6)}">'
        f"{esc(rng.choice(titles))}</a></li>"
        for _ in range(k)
    )
    return f'<ul class="{cls}">{items}</ul>'


def nav(rng):
    k = rng.randrange(5, 40)
    items = "".join(
        f'<li><a href="/{s.lower().replace(" ", "-")}">{s}</a></li>'
        for s in (rng.choice(SECTIONS) for _ in range(k))
    )
    return f'<nav class="main-navigation" role="navigation"><ul class="menu">{items}</ul></nav>'


def share(rng):
    nets = rng.sample(["Facebook", "X", "LinkedIn", "WhatsApp", "Email", "Reddit", "Print"],
                      rng.randrange(2, 7))
    items = "".join(f'<li><a href="#share-{n.lower()}">{n}</a></li>' for n in nets)
    return f'<div class="share-buttons"><span>Share this:</span><ul>{items}</ul></div>'


def comments(rng, pool):
    k = rng.randrange(1, 12)
    items = "".join(
        f'<li class="comment"><p class="comment-author">{rng.choice(FIRST)}{rng.randrange(99)}</p>'
        f"<p>{esc(rng.choice(pool))}</p></li>"
        for _ in range(k)
    )
    return f'<section id="comments" class="comments-area"><h3>{k} comments</h3><ol>{items}</ol></section>'


def html_comment(rng):
    kinds = [
        "<!-- ad slot: leaderboard -->",
        f"<!-- cache: {rng.randrange(10**9):x} generated in {rng.random():.3f}s -->",
        '<!-- <div class="old-promo"><p>Subscribe now for one dollar a week</p></div> -->',
        "<!--[if lt IE 9]><script src=\"/html5shiv.js\"></script><![endif]-->",
    ]
    return rng.choice(kinds)


def page(seed, i, docs, news, titles, pool):
    """The HTML of page i, and its sentence count as assembled (dyad counts its own)."""
    rng = random.Random(f"{seed}:{i}")
    # body: a window of one source document, long-tailed length, plus some news sentences
    src = rng.random()
    if src < 0.55:
        title, sents = rng.choice(docs["geo"])
    else:
        title, sents = None, rng.choice(docs["ud"])
    want = max(3, min(150, int(rng.lognormvariate(2.8, 0.6))))
    start = rng.randrange(max(1, len(sents) - want + 1))
    body = list(sents[start:start + want])
    while len(body) < want:
        body.append(rng.choice(news))
    for _ in range(rng.randrange(0, 4)):
        body.insert(rng.randrange(len(body) + 1), rng.choice(news))
    if not title:
        title = rng.choice(titles)
    paras = []
    k = 0
    while k < len(body):
        n = rng.choice([1, 1, 2, 2, 3, 4])
        paras.append(" ".join(body[k:k + n]))
        k += n
    site, host = SITES[rng.randrange(len(SITES))]
    day = f"20{rng.randrange(18, 25):02d}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    section = rng.choice(SECTIONS)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "story"
    url = f"https://{host}/{section.lower().replace(' ', '-')}/{day}/{slug}-{i}"
    style = rng.randrange(4)

    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)} | {esc(site)}</title>",
        f'<link rel="canonical" href="{url}">',
        f'<meta property="og:site_name" content="{esc(site)}">',
        f'<meta property="og:title" content="{html.escape(title)}">',
    ]
    if style != 2:
        head.append(f'<meta property="article:published_time" content="{day}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z">')
    if style == 2 or rng.random() < 0.3:
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
              "datePublished": day, "author": {"@type": "Person", "name": author},
              "publisher": {"@type": "Organization", "name": site}}
        head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    for _ in range(rng.randrange(1, 6)):
        head.append(f"<script>{js_blob(rng, int(rng.lognormvariate(7.5, 1.2)))}</script>")
    head.append(f"<style>{css_blob(rng, int(rng.lognormvariate(7.0, 1.0)))}</style>")
    head.append("</head>")

    top = [
        f'<body class="single post-template-default postid-{i}">',
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>',
    ]
    if rng.random() < 0.6:
        top.append('<div class="cookie-banner" role="dialog"><p>We use cookies to improve your '
                   'experience. By continuing you accept our use of cookies.</p>'
                   '<button>Accept</button></div>')
    top.append(f'<header class="site-header"><p class="site-title"><a href="/">{esc(site)}</a></p>'
               f"{nav(rng)}</header>")
    top.append(html_comment(rng))

    ptags = []
    for j, p in enumerate(paras):
        ptags.append(f"<p>{esc(p)}</p>")
        r = rng.random()
        if j == 1 and rng.random() < 0.5:
            ptags.append(share(rng))
        elif r < 0.06:
            ptags.append('<div class="ad-slot"><!-- ad --><script>' + js_blob(rng, 300) + "</script></div>")
        elif r < 0.09:
            ptags.append(f'<aside class="related-inline"><h4>Read more</h4>{link_list(rng, titles, 3, "related")}</aside>')
        elif r < 0.11 and j > 2:
            ptags.append(f"<h2>{esc(rng.choice(titles))}</h2>")

    byline = (f'<div class="entry-meta"><span class="byline">By <a rel="author" href="/author/'
              f'{author.lower().replace(" ", "-")}">{esc(author)}</a></span> '
              f'<time datetime="{day}">{day}</time></div>')
    if style == 0:  # WordPress-like
        main = (f'<div id="content" class="site-content"><main id="main"><article class="post hentry">'
                f'<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>{byline}</header>'
                f'<div class="entry-content">{"".join(ptags)}</div>'
                f'<footer class="entry-footer"><span class="tags-links">Tagged {esc(section)}</span></footer>'
                f"</article></main></div>")
    elif style == 1:  # news site with a story body and sidebar
        main = (f'<main><div class="story"><h1>{esc(title)}</h1>{byline}'
                f'<div class="story-body" itemprop="articleBody">{"".join(ptags)}</div></div>'
                f'<aside class="sidebar"><h3>Most read</h3>{link_list(rng, titles, rng.randrange(4, 12), "most-read")}</aside></main>')
    elif style == 2:  # JSON-LD magazine, plain divs
        main = (f'<div class="wrapper"><div class="headline"><h1>{esc(title)}</h1></div>'
                f'<div class="content">{"".join(ptags)}</div></div>')
    else:  # old table layout
        main = (f'<table width="100%"><tr><td class="left">{link_list(rng, SECTIONS, 8, "menu")}</td>'
                f'<td class="main"><h1>{esc(title)}</h1><p class="byline">By {esc(author)}</p>'
                f'{"".join(ptags)}</td></tr></table>')

    tail = []
    if rng.random() < 0.7:
        tail.append(f'<section class="related-posts"><h3>Related</h3>{link_list(rng, titles, rng.randrange(3, 12), "related")}</section>')
    if rng.random() < 0.4:
        tail.append('<div class="newsletter-signup"><h3>Get the morning briefing</h3><form>'
                    '<input type="email" placeholder="Your email"><button>Sign up</button></form></div>')
    if rng.random() < 0.35:
        tail.append(comments(rng, pool))
    tail.append(html_comment(rng))
    tail.append(f'<footer class="site-footer">{link_list(rng, SECTIONS, rng.randrange(4, 20), "footer-menu")}'
                f"<p>&copy; {day[:4]} {esc(site)}. All rights reserved.</p></footer>")
    for _ in range(rng.randrange(0, 4)):
        tail.append(f"<script>{js_blob(rng, int(rng.lognormvariate(6.5, 1.3)))}</script>")
    tail.append("</body></html>")
    return "\n".join(head + top + [main] + tail) + "\n", len(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    a = ap.parse_args()
    shared = Path(a.shared)
    ud = load_ud(shared)
    geo = load_geo(shared)
    gsr = load_gsr(shared)
    own = load_repo()
    if not ud and not geo:
        sys.exit(f"corpus: no source text under {shared}/data (ud, geo)")
    news = [s if s[-1] in ".!?\"”’)" else s + "." for s in gsr + own if s]
    if not news:
        news = [s for d in ud for s in d]
    titles = [t for t, _ in geo if t] or ["Talks resume after border clashes"]
    pool = [s for d in ud for s in d if 20 < len(s) < 160] or news
    docs = {"ud": [d for d in ud if len(d) >= 3] or [news], "geo": geo or [(None, news)]}
    out = Path(a.out)
    (out / "pages").mkdir(parents=True, exist_ok=True)
    total_bytes = 0
    total_sents = 0
    with open(out / "manifest.tsv", "w", encoding="utf-8") as man:
        for i in range(a.pages):
            text, ns = page(a.seed, i, docs, news, titles, pool)
            d = out / "pages" / f"{i // 1000:03d}"
            if i % 1000 == 0:
                d.mkdir(exist_ok=True)
            p = d / f"{i:06d}.html"
            data = text.encode("utf-8")
            p.write_bytes(data)
            total_bytes += len(data)
            total_sents += ns
            man.write(f"{p.relative_to(out)}\t{len(data)}\n")
    print(f"corpus: {a.pages} pages, {total_bytes / 1e6:.1f} MB of HTML, ~{total_sents} body "
          f"sentences assembled (seed {a.seed}; sources: {len(ud)} UD docs, {len(geo)} geo "
          f"articles, {len(gsr)} GSR sentences, {len(own)} repo sentences) in {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
