// Command ferretdb runs FerretDB v1 on the SQLite backend for local development and tests.
//
// It wraps the embeddable package because `go install` of FerretDB's own command builds a
// binary that panics at start (its version file is not part of the module). It accepts the
// subset of FerretDB's flags that scripts/stack/mongo.ts passes, so either binary works.
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite directory URI")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL for the postgresql handler")
	flag.String("state-dir", ".", "accepted for compatibility; unused")
	flag.String("telemetry", "disable", "accepted for compatibility; telemetry is always off")
	flag.String("debug-addr", "-", "accepted for compatibility; unused")
	flag.Parse()

	if *handler == "sqlite" {
		dir := strings.TrimSuffix(strings.TrimPrefix(*sqliteURL, "file:"), "/")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatalf("ferretdb: cannot create %s: %v", dir, err)
		}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		log.Fatalf("ferretdb: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	log.Printf("ferretdb: %s backend, listening on %s", *handler, *listen)
	if err := f.Run(ctx); err != nil {
		log.Fatalf("ferretdb: %v", err)
	}
}
