"""A report's symbol was a free text; it becomes a document of the registry (issue 11). Every
symbol already given is registered, with the report as its source: issued on the day the
report was published, a draft otherwise. A symbol the parser refuses (typed freely before
the registry) is registered as it was, under the series of its text up to the last slash,
so that nothing is lost; the secretariat corrects it in the registry."""

import django.db.models.deletion
from django.db import migrations, models

from documents.symbols import SymbolError, parse_symbol

RELATIONS = {"Rev": "revision", "Add": "addendum", "Corr": "corrigendum"}


def _fields(text):
    try:
        symbol = parse_symbol(text)
    except SymbolError:
        series = text.rsplit("/", 1)[0] if "/" in text else text
        return {"series": series[:60], "base_symbol": text, "relation": "original"}
    last = symbol.suffixes[-1][0] if symbol.suffixes else ""
    return {
        "series": symbol.prefix,
        "year": symbol.year,
        "kind": symbol.kind,
        "number": symbol.numbers[0] if symbol.numbers and not symbol.suffixes else None,
        "base_symbol": str(symbol.base),
        "revision": symbol.revision,
        "relation": RELATIONS.get(last, "original"),
    }


def symbols_to_documents(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    document = apps.get_model("documents", "Document")
    for model_name, title_of in (("reviewreport", _review_title), ("thematicreport", _thematic_title)):
        model = apps.get_model("reviews", model_name)
        source_type, _created = content_type.objects.get_or_create(app_label="reviews", model=model_name)
        for report in model.objects.exclude(symbol="").select_related("cycle__mechanism" if model_name == "thematicreport" else "review__cycle__mechanism"):
            text = report.symbol.strip()
            registered = document.objects.filter(symbol=text).first()
            if registered is None:
                mechanism = report.cycle.mechanism if model_name == "thematicreport" else report.review.cycle.mechanism
                published = report.status == "published"
                registered = document.objects.create(
                    symbol=text,
                    **_fields(text),
                    **title_of(report),
                    body_id=mechanism.overseen_by_id,
                    issued_on=report.published_on if published else None,
                    status="issued" if published else "draft",
                    original_language=getattr(report, "original_language", "en"),
                    source_type=source_type,
                    source_id=report.pk,
                )
            report.document = registered
            report.save(update_fields=["document"])


def _review_title(report):
    kinds = {"executive_summary": "Executive summary", "country_report": "Country review report"}
    title = f"{kinds.get(report.kind, report.kind)}: {report.review.state.name_en or report.review.state.name}"
    return {"title": title, "title_en": title}


def _thematic_title(report):
    languages = ("ar", "zh_hans", "en", "fr", "ru", "es")
    titles = {f"title_{code}": getattr(report, f"title_{code}") or "" for code in languages}
    return {"title": report.title_en or report.title, **titles}


def documents_to_symbols(apps, schema_editor):
    for model_name in ("reviewreport", "thematicreport"):
        model = apps.get_model("reviews", model_name)
        for report in model.objects.exclude(document=None).select_related("document"):
            report.symbol = report.document.symbol
            report.save(update_fields=["symbol"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0002_document_registry"),
        ("reviews", "0010_rendition_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreviewreport",
            name="document",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="documents.document", verbose_name="document"),
        ),
        migrations.AddField(
            model_name="reviewreport",
            name="document",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="documents.document", verbose_name="document"),
        ),
        migrations.AddField(
            model_name="thematicreport",
            name="document",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="documents.document", verbose_name="document"),
        ),
        migrations.RunPython(symbols_to_documents, documents_to_symbols),
        migrations.RemoveField(model_name="historicalreviewreport", name="symbol"),
        migrations.RemoveField(model_name="reviewreport", name="symbol"),
        migrations.RemoveField(model_name="thematicreport", name="symbol"),
    ]
