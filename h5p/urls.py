from django.urls import path

from h5p import views

app_name = "h5p"

urlpatterns = [
    path("activiteiten/<int:pk>/", views.activity, name="activity"),
    path("activiteiten/<int:pk>/voorbeeld/", views.preview, name="preview"),
    path("activiteiten/<int:pk>/xapi/", views.xapi, name="xapi"),
    path("activiteiten/<int:pk>/state/<str:data_type>/<str:sub_content_id>/", views.state, name="state"),
    path("speler/<int:pk>/<uuid:version>/<str:token>/", views.frame, name="frame"),
    path("pakket/<int:pk>/<uuid:version>/<str:token>/", views.package_download, name="package_download"),
    path("content/<int:pk>/<uuid:version>/<str:token>/<path:path>", views.content, name="content"),
]
