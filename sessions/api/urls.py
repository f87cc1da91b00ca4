from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("sessions", views.SessionViewSet, basename="session")

urlpatterns = router.urls
