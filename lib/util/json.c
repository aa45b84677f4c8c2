/* Building JSON with cJSON (lib/util/json.h). */
#include "util/json.h"

#include "internal.h"

char *zki_json_print(const cJSON *v)
{
    char *s = v != NULL ? cJSON_PrintUnformatted(v) : NULL;
    if (s == NULL) return NULL;
    char *r = zki_strdup(s); /* zks_free-able, like every buffer the library returns */
    cJSON_free(s);
    return r;
}

int zki_json_push(cJSON *arr, cJSON *item)
{
    if (arr != NULL && item != NULL && cJSON_AddItemToArray(arr, item)) return 1;
    cJSON_Delete(item);
    return 0;
}
