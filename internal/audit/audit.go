// Package audit seals audit entries into a hash chain and verifies it.
// Each entry's SM3 hash covers its content and the previous entry's hash,
// so an altered, inserted or removed entry breaks the chain from that point
// (DOMAIN.md §2.5, §10.2). Entries are written through the store in the
// caller's transaction, so an audited change and its entry commit together.
package audit

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Hash returns the SM3 hash of e's content and e.PrevHash, hex-encoded.
// Every field is length-prefixed so that no two entries share an encoding.
func Hash(e *zhongshu.AuditEntry) string {
	h := sm3.New()
	put := func(s string) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("zhongshu-audit-v1")
	put(strconv.FormatInt(e.Seq, 10))
	put(e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano))
	put(strconv.FormatInt(e.ActorID, 10))
	put(e.ActorName)
	put(e.ActorUnit)
	put(e.Action)
	put(e.ObjectType)
	put(e.ObjectID)
	put(e.FromState)
	put(e.ToState)
	put(strconv.FormatBool(e.Success))
	put(e.ClientIP)
	put(e.Detail)
	put(e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// Append seals e onto the chain and writes it in tx. It sets e.Seq, e.At
// (the transaction's time), e.PrevHash and e.Hash.
func Append(ctx context.Context, tx *store.Tx, e *zhongshu.AuditEntry) error {
	seq, prev, err := tx.LockAuditHead(ctx)
	if err != nil {
		return fmt.Errorf("audit.Append: %w", err)
	}
	e.Seq, e.At, e.PrevHash = seq+1, tx.Now(), prev
	e.Hash = Hash(e)
	if err := tx.AppendAuditEntry(ctx, e); err != nil {
		return fmt.Errorf("audit.Append: %w", err)
	}
	return nil
}

var errStop = errors.New("audit: stop")

// Problem describes where the chain breaks.
type Problem struct {
	Seq    int64 // the first entry found altered, or the first missing one
	Reason string
}

func (p *Problem) Error() string {
	return fmt.Sprintf("审计日志第 %d 条：%s", p.Seq, p.Reason)
}

// Result is the outcome of a verification.
type Result struct {
	Entries int64    // entries checked
	Problem *Problem // nil when the chain is intact
}

// Verify walks the whole chain in sequence order and reports the first
// entry that was altered, inserted or removed.
func Verify(ctx context.Context, db *store.DB) (Result, error) {
	var res Result
	err := db.View(ctx, func(tx *store.Tx) error {
		headSeq, headHash, err := tx.AuditHead(ctx)
		if err != nil {
			return err
		}
		var prevHash string
		var want int64 = 1
		err = tx.ScanAudit(ctx, func(e *zhongshu.AuditEntry) error {
			if e.Seq > headSeq {
				// Appended after the head was read (reads on SQLite see
				// each statement's latest commit): not part of this check.
				return errStop
			}
			switch {
			case e.Seq != want:
				res.Problem = &Problem{Seq: want, Reason: fmt.Sprintf("记录缺失（下一条为第 %d 条），日志可能被删除", e.Seq)}
			case e.PrevHash != prevHash:
				res.Problem = &Problem{Seq: e.Seq, Reason: "与前一条的链接不符，前一条或本条可能被篡改"}
			case Hash(e) != e.Hash:
				res.Problem = &Problem{Seq: e.Seq, Reason: "内容与哈希值不符，记录已被篡改"}
			}
			if res.Problem != nil {
				return res.Problem
			}
			res.Entries++
			prevHash, want = e.Hash, want+1
			return nil
		})
		if res.Problem != nil {
			return nil
		}
		if err != nil && !errors.Is(err, errStop) {
			return err
		}
		if res.Entries != headSeq || prevHash != headHash {
			res.Problem = &Problem{Seq: res.Entries + 1, Reason: fmt.Sprintf("日志末尾缺失：应有 %d 条，实有 %d 条", headSeq, res.Entries)}
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("audit.Verify: %w", err)
	}
	return res, nil
}
