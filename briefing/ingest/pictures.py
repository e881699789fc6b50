"""Captions a page sets beside its pictures without saying so: a short text in a small box with an image.

The extractor leaves out a <figcaption> and text in elements whose class
names say "caption"; a site whose class names say nothing (hashed, or in
another language) puts its caption in a plain <p> or <span> beside the
<img>, and that was read as a paragraph of the article.
"""

from __future__ import annotations

import re

from ..textrules import CLOSING_MARKS

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


# A sentence's end inside a text: after a word in lower case or a number ("there. It", "in 2019. It"; not "St.
# Mary's", "Dr. Ines", "U.S. envoy").
_INNER_END = re.compile(r"(?<![^\W_])[^\W_A-Z]{2,}[.!?][\"'”’»)]*\s|[。！？]")
# A caption in its own box is a line: longer, it is the post's own centred text.
MAX_BOX_CAPTION_WORDS = 20
# The elements a caption's label may be set in (Blogger's editor writes a small one as <span style="font-size:
# x-small;">), small or in italics; a link or a picture makes the box more than a label, and bold a subheading.
_LABEL_TAGS = frozenset({"span", "font", "small", "i", "em"})


def _caption_box_after(box, inner) -> str | None:
    """The caption a picture's own box has in the box after it: Blogger's editor writes a centred picture and its
    caption as two boxes, <div class="separator"><a><img></a></div><div class="separator">The jars after three
    days</div>. Only a centred box (by that class, its style or its align) that the post's text does not go on in
    (a post centred whole is the post's), and a label: a short text (set small or in italics at most), that ends
    on a letter or digit (not on an address or an emoji), with no sentence's end (a page may set all its blocks in
    boxes of one class and style, its pictures' too)."""
    after = box.getnext()
    if after is None or after.tag != box.tag or (inner.tail or "").strip() or (box.tail or "").strip():
        return None
    if any(not isinstance(part.tag, str) or part.tag not in _LABEL_TAGS for part in after.iterdescendants()):
        return None  # a link, a picture, a paragraph of its own: more than a label
    if not (_centred(box) and _centred(after)):
        return None
    following = after.getnext()
    if following is not None and following.tag == after.tag and _centred(following) and following.text_content().strip():
        return None
    text = " ".join(after.text_content().split())
    # (Its last letter before any closing marks: a sentence's end, a colon, an emoji or an address's slash is none.)
    bare = text.rstrip(CLOSING_MARKS + "」』）】 ")
    if (not bare or len(text.split()) > MAX_BOX_CAPTION_WORDS or not (bare[-1].isalnum() or bare[-1] in "%°")
            or "://" in bare):
        return None
    if _INNER_END.search(bare):
        return None  # sentences inside it
    return text


def _centred(box) -> bool:
    """Whether a box is set centred: Blogger's "separator" class, a style that centres its text, or the
    `align` of older pages."""
    style = "".join((box.get("style") or "").split()).lower()
    return ("separator" in (box.get("class") or "").split() or "text-align:center" in style
            or (box.get("align") or "").strip().lower() == "center")
