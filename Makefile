# A thin shortcut over build-aux/dev, which does the work (and needs only bash).
.PHONY: run check build deps
run check build deps:
	build-aux/dev $@
