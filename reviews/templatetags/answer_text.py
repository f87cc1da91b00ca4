"""``{% load answer_text %}{{ answer.narrative|answer_html }}``: a checklist answer's text (the
Markdown subset of :mod:`reviews.answer_text`) as safe HTML. Put it in a container with
``dir="auto"`` (pages) or ``dir="{{ text|text_direction }}"`` (PDFs)."""

from django import template

from reviews import answer_text

register = template.Library()


@register.filter(is_safe=True)
def answer_html(text):
    return answer_text.answer_html(text)
