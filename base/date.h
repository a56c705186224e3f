/* The calendar: leap years and month lengths, for every check of a date. */
#ifndef SY_DATE_H
#define SY_DATE_H

/* Gregorian: every fourth year, but not a century unless divisible by 400. */
int date_is_leap(int year);
/* Days in month (1-12) of year; 0 for a month that does not exist. */
int date_days_in_month(int year, int month);
/* Is day/month/year a day of the calendar (any year; callers set the oldest)? */
int date_exists(int year, int month, int day);

#endif
