"""The text pipeline: Markdown in, safe HTML out, rendered once when text is saved.

Pure functions, so every app that accepts text uses the same rules. Raw HTML in Markdown is off, and nh3
cleans the result against an allow list; external images become links (CSP allows only our own images).
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

# A member's handle: letters, digits, dots, hyphens and underscores, as `@maya-okafor`.
MENTION_PATTERN = re.compile(r"@([a-z0-9][a-z0-9._-]{0,38}[a-z0-9])", re.IGNORECASE)


def _mention_rule(state: StateInline, silent: bool) -> bool:
    """`@handle` at the start of text or after a space or an opening bracket becomes a mention token."""
    if state.src[state.pos] != "@":
        return False
    if state.pos > 0 and not (state.src[state.pos - 1].isspace() or state.src[state.pos - 1] in "([{"):
        return False
    match = MENTION_PATTERN.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"handle": match.group(1).lower()}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _render_mention(self, tokens, idx, options, env):
    handle = tokens[idx].meta["handle"]
    url = env.get("mention_urls", {}).get(handle)
    text = escapeHtml(tokens[idx].content)
    if url is None:
        return text
    return f'<a href="{escapeHtml(url)}" class="mention">{text}</a>'


def _render_image(self, tokens, idx, options, env):
    """Images become links to the picture (CSP allows only our own images, and members' pixels could track)."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    label = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(label)}</a>'


def _build_markdown() -> MarkdownIt:
    markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable(
        ["table", "strikethrough"]
    )
    markdown.inline.ruler.before("emphasis", "mention", _mention_rule)
    markdown.add_render_rule("mention", _render_mention)
    markdown.add_render_rule("image", _render_image)
    return markdown


_markdown = _build_markdown()

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


def extract_mentions(text: str) -> list[str]:
    """The handles a text mentions, in order, once each (code spans and blocks do not count)."""
    handles: list[str] = []
    for block in _markdown.parse(text or ""):
        for token in block.children or ():
            if token.type == "mention" and token.meta["handle"] not in handles:
                handles.append(token.meta["handle"])
    return handles


def render_markdown(text: str, *, mention_urls: dict[str, str] | None = None) -> str:
    """Render member-written Markdown to HTML that is safe to store and show without further escaping.

    `mention_urls` maps handles to profile links; mentions of unknown handles stay plain text.
    """
    html = _markdown.render(text or "", {"mention_urls": mention_urls or {}})
    # Headings inside a page start at level 2: the page's own title is its only h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
