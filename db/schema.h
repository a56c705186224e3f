/* Schema as versioned steps: step i takes a database from user_version i to i+1. */
#ifndef SY_SCHEMA_H
#define SY_SCHEMA_H
extern const char *const schema_steps[];
extern const int schema_count;
#endif
