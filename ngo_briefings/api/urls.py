from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("briefings", views.BriefingViewSet, basename="briefing")

urlpatterns = router.urls
