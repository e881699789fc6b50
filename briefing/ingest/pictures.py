"""Captions a page sets beside its pictures without saying so: a short text in a small box with an image.

The extractor leaves out a <figcaption> and text in elements whose class
names say "caption"; a site whose class names say nothing (hashed, or in
another language) puts its caption in a plain <p> or <span> beside the
<img>, and that was read as a paragraph of the article.
"""

from __future__ import annotations

# A caption is a line or two; a longer text beside a picture is the article's.
MAX_CAPTION_WORDS = 40
# Bounds on what is read of a hostile page.
_PICTURES_SEARCHED = 2_000
_PICTURE_TAGS = ("img", "picture", "amp-img", "svg", "video")
# A picture may come wrapped in a link or a <picture>; the box is the element around the wrapping.
_WRAPPERS = frozenset({"a", "picture", "noscript"})
_TEXT_TAGS = frozenset({"p", "span", "div", "small", "em", "i", "figcaption", "cite"})


def picture_captions(tree) -> frozenset[str]:
    """The texts of the page's boxes of one picture and one short text beside it (space-normalised)."""
    if tree is None:
        return frozenset()
    captions = set()
    for count, picture in enumerate(tree.iter(_PICTURE_TAGS)):
        if count >= _PICTURES_SEARCHED:
            break
        inner = picture
        while inner.getparent() is not None and inner.getparent().tag in _WRAPPERS:
            inner = inner.getparent()
        box = inner.getparent()
        if box is None or box.tag in ("body", "html", "p") or (box.text or "").strip():
            continue  # a picture in a line of text (an icon, a smiley) has no caption of its own
        others = [child for child in box if child is not inner and isinstance(child.tag, str)]
        if not others and (caption := _caption_box_after(box, inner)) is not None:
            captions.add(caption)
            continue
        if len(others) != 1 or others[0].tag not in _TEXT_TAGS or (inner.tail or "").strip():
            continue
        text = " ".join(others[0].text_content().split())
        if text and len(text.split()) <= MAX_CAPTION_WORDS and not (others[0].tail or "").strip():
            captions.add(text)
    return frozenset(captions)


def _caption_box_after(box, inner) -> str | None:
    """The caption a picture's own box has in the box after it, of the same tag and class (or style): Blogger's
    editor writes <div class="separator"><a><img></a></div><div class="separator">The jars after three
    days</div>. A label, not a sentence: a short text of no element, not ending as a sentence does (two
    boxes of one class may be the article's own blocks)."""
    after = box.getnext()
    if after is None or after.tag != box.tag or (inner.tail or "").strip() or (box.tail or "").strip() or len(after):
        return None
    same = next((name for name in ("class", "style") if box.get(name)), None)
    if same is None or after.get(same) != box.get(same):
        return None
    text = " ".join((after.text or "").split())
    if not text or len(text.split()) > MAX_CAPTION_WORDS or text[-1] in ".!?…:;":
        return None
    return text
