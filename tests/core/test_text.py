import pytest

from core.text import html_from_text, one_line, paragraphs, plain_text


@pytest.mark.parametrize(
    "text",
    [
        "Eins.\n\nZwei.",
        "Eins.\r\n\r\nZwei.",  # as a browser's textarea sends it
        "Eins.\r\rZwei.",
        "\r\n Eins.\r\n \r\nZwei.\r\n\r\n\r\n",
    ],
)
def test_a_blank_line_separates_paragraphs_whatever_the_line_endings(text):
    assert paragraphs(text) == ["Eins.", "Zwei."]


def test_a_single_line_break_stays_inside_the_paragraph():
    assert paragraphs("Zeile eins\r\nZeile zwei") == ["Zeile eins\nZeile zwei"]


def test_empty_text_has_no_paragraphs():
    assert paragraphs("") == []
    assert paragraphs(" \r\n\r\n ") == []


def test_plain_text_becomes_the_same_paragraphs_in_html_with_every_character():
    text = "Eins & <zwei>\r\nZeile „drei“\r\n\r\n\r\nVier"
    assert html_from_text(text) == "<p>Eins &amp; &lt;zwei&gt;<br>Zeile „drei“</p><p>Vier</p>"
    assert html_from_text("") == ""


def test_rich_text_as_plain_text_keeps_blocks_lines_and_list_items():
    html = (
        "<h2>Ablauf</h2><p>Ein <strong>fetter</strong>\n Satz &amp; &lt;mehr&gt;.<br>Zeile</p>"
        "<ul><li><p>Eins</p></li><li><p>Zwei</p></li></ul><blockquote><p>Zitat</p></blockquote>"
    )
    assert plain_text(html) == (
        "Ablauf\n\nEin fetter Satz & <mehr>.\nZeile\n\n– Eins\n– Zwei\n\nZitat"
    )
    assert plain_text("") == "" and plain_text(None) == ""


def test_plain_text_of_converted_text_gives_the_text_back():
    text = "Eins & <zwei>\nZeile\n\nVier"
    assert plain_text(html_from_text(text)) == text
    assert one_line(plain_text(html_from_text(text))) == "Eins & <zwei> Zeile Vier"
