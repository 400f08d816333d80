from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/verlengen/", views.renew, name="renew"),
    path("controleren/", views.verify, name="verify"),
    # The QR code's target; the code is normalised in the view, so any spelling of it lands here.
    path("controleren/<str:code>/", views.verify, name="verify_code"),
]
