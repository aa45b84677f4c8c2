# Jubjub fixed-base table generator (owner: crypto core).
# `make jubjub-table` (= `make regen-jubjub`, part of `make regen`) rebuilds
# lib/crypto/jubjub_table.c from tools/gen_jubjub_table.c, which includes
# lib/crypto/jubjub.c itself so the table uses the library's formulas;
# tests/suites/regen.sh checks the committed table against it.
.PHONY: jubjub-table

$(B)/tools/gen_jubjub_table: tools/gen_jubjub_table.c lib/crypto/jubjub.c lib/crypto/fr.c lib/crypto/fs.c \
    lib/util/mem.c lib/crypto/jubjub.h lib/crypto/fr.h lib/crypto/fs.h lib/internal.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $< lib/crypto/fr.c lib/crypto/fs.c lib/util/mem.c $(DEP_LIBS) -o $@

jubjub-table: regen-jubjub
