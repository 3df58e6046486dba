
app_name = "appraisals"
urlpatterns = []
