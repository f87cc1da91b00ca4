from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("regional-groups", views.RegionalGroupViewSet, basename="regional-group")
router.register("states", views.StateViewSet, basename="state")
router.register("instruments", views.InstrumentViewSet, basename="instrument")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("mechanisms", views.MechanismViewSet, basename="mechanism")
router.register("cycles", views.CycleViewSet, basename="cycle")
router.register("clusters", views.ClusterViewSet, basename="cluster")

urlpatterns = router.urls
