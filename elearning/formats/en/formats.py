"""English dates and times for a Dutch platform: a 24-hour clock, day before month.

Django's English "P" gives "1:04 a.m.", and a sentence that ends after the time then reads "1:04 a.m..".
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
MONTH_DAY_FORMAT = "j F"
