# Python and Go bindings (bindings/, docs/python.md, docs/go.md).
# `make bindings` prepares what their suites need: the shared library and a
# pkg-config file pointing at the build tree ($(B)/bindings/pkgconfig), so cgo
# links build/libzksync.so without `make install`.
# `make bindings-gen` regenerates the low-level layers from include/zksync.h
# (tools/gen_bindings.py); tests/suites/bindings_check.sh fails when they are stale.
BINDINGS_PC := $(B)/bindings/pkgconfig/libzksync.pc

$(BINDINGS_PC): pkgconfig/libzksync.pc.in mk/bindings.mk
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(abspath $(B))|g' -e 's|@LIBDIR@|$(abspath $(B))|g' \
	    -e 's|@INCLUDEDIR@|$(abspath include)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

.PHONY: bindings bindings-gen
bindings: $(SHARED) $(BINDINGS_PC)

bindings-gen:
	python3 tools/gen_bindings.py

CHECK_EXTRA += bindings

# The generated layers follow the header: `make check` (through `bindings`) regenerates them
# when include/zksync.h or the generator changed (gen_bindings.py rewrites only files whose
# content differs). A function added to the header then fails bindings_check until it is
# bound in Python and Go or listed in bindings/UNBOUND.txt.
BINDINGS_STAMP := $(B)/bindings/generated.stamp
$(BINDINGS_STAMP): include/zksync.h tools/gen_bindings.py
	@mkdir -p $(dir $@)
	python3 tools/gen_bindings.py
	@touch $@
bindings: $(BINDINGS_STAMP)
