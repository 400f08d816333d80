from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("download/", views.my_data_download, name="download"),
    path("account-verwijderen/", views.account_delete_confirm, name="account_delete"),
]
