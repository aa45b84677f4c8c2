# Rescue constants generator (tools/gen_rescue.c). `make rescue-gen` rebuilds the
# tool and regenerates $(B)/rescue/rescue_constants.c; tests/suites/rescue_gen.sh
# diffs that with the committed lib/crypto/rescue_constants.c.
# To update the committed file: make regen-rescue (part of make regen; docs/generated.md).
RESCUE_GEN := $(B)/tools/gen_rescue

$(RESCUE_GEN): tools/gen_rescue.c lib/crypto/fr.c lib/crypto/fr.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) tools/gen_rescue.c lib/crypto/fr.c $(DEP_LIBS) -o $@

$(B)/rescue/rescue_constants.c: $(RESCUE_GEN)
	@mkdir -p $(dir $@)
	$(RESCUE_GEN) > $@.tmp && mv $@.tmp $@

.PHONY: rescue-gen
rescue-gen: $(B)/rescue/rescue_constants.c

CHECK_EXTRA += rescue-gen
