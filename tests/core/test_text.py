import pytest

from core.text import paragraphs


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
