#include "base/date.h"

int date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && date_is_leap(year) ? 29 : days[month - 1];
}

int date_exists(int year, int month, int day)
{
	return day >= 1 && day <= date_days_in_month(year, month);
}
