/* Building JSON: the one way in lib/ is cJSON, printed compactly. */
#ifndef ZKI_UTIL_JSON_H
#define ZKI_UTIL_JSON_H

#include <cjson/cJSON.h>

/* The compact text of v in a zki_malloc block (release with zks_free); NULL when v is NULL or out of memory. */
char *zki_json_print(const cJSON *v);
/* Appends item to arr, which takes it; 0 when either is NULL (out of memory), item then deleted. */
int zki_json_push(cJSON *arr, cJSON *item);

#endif
