# The test command of the README and CI: vet, then every test with the race
# detector against a throwaway redis-server that scripts/with-redis starts.
GO ?= go

.PHONY: test build lint bench fuzz run

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
