# The test command of the README and CI: vet, then every test with the race
# detector against a throwaway redis-server that scripts/with-redis starts.
GO ?= go

.PHONY: test build lint bench fuzz run acceptance

test:
	./scripts/with-redis sh -c '$(GO) vet ./... && $(GO) test -race -count=1 ./...'

build:
	$(GO) build ./...

lint:
	gofmt -l . | (! grep .) && $(GO) vet ./... && staticcheck ./...

bench:
	./scripts/with-redis $(GO) test -run '^$$' -bench . -benchmem ./...

run:
	$(GO) run ./cmd/checkins serve

# Issue 4's multi-process acceptance run (two replicas, SIGKILL, 1,000
# agreements); about 2.5 minutes, loopback only. Not part of `make test`.
acceptance:
	./scripts/acceptance
