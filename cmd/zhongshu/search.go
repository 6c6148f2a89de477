package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
)

// cmdSearch runs `zhongshu search reindex`: it rebuilds the search index
// from the records of every module.
func cmdSearch(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "reindex" {
		return usageError{"usage: zhongshu search reindex [--data DIR | --db URL]"}
	}
	cfg := config.Default()
	if _, err := parse("search reindex", args[1:], &cfg, getenv, nil); err != nil {
		return err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	n, err := app.New(db, cfg, nil, nil).ReindexAll(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "检索索引已重建：%d 件，用时 %s。\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
