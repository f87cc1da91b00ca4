"""What the documents app tells the apps above it, without knowing them."""

from django.dispatch import Signal

#: A registered document changed in a way a reader would see: issued, a file attached in a
#: language, its title or distribution corrected, or (for a document the pipeline renders)
#: a final PDF made again. Sent with ``document``, inside the transaction that changed it.
#: The sessions app makes the bundles that hold it again.
document_changed = Signal()

#: A rendition's PDF was made (or confirmed unchanged) and can be downloaded. Sent with
#: ``rendition`` after the worker recorded it. The public site refreshes its pages.
rendition_finished = Signal()
