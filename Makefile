# Zhongshu developer targets. `make test` is the test command.

.PHONY: run test bench build

run:
	go run ./cmd/zhongshu serve --demo

test:
	go vet ./... && go test -race -count=1 ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...

build:
	CGO_ENABLED=0 go build -trimpath -o bin/zhongshu ./cmd/zhongshu
