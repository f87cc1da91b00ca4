from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = router.urls
