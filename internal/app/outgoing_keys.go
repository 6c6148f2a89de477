package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/emmansun/gmsm/sm2"

	"github.com/zhongshu-oa/zhongshu/internal/docsign"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// signingKEK returns the key that seals the units' signing keys: the
// configured one, else the data folder's signing.kek, made (mode 0600) on
// first use.
func (a *App) signingKEK() ([]byte, error) {
	a.kekOnce.Do(func() {
		if a.cfg.SigningKEK != "" {
			a.kek, a.kekErr = docsign.ParseKEK(a.cfg.SigningKEK)
			return
		}
		if a.cfg.DataDir == "" {
			a.kekErr = zhongshu.Errorf(zhongshu.CodeInternal, "未配置签名私钥的保护密钥（ZHONGSHU_SIGNING_KEK）。")
			return
		}
		path := filepath.Join(a.cfg.DataDir, "signing.kek")
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			key, kerr := docsign.NewKEK(rand.Reader)
			if kerr != nil {
				a.kekErr = kerr
				return
			}
			if err := os.MkdirAll(a.cfg.DataDir, 0o700); err != nil {
				a.kekErr = fmt.Errorf("app: signing key folder: %w", err)
				return
			}
			f, ferr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if ferr == nil {
				_, ferr = f.WriteString(hex.EncodeToString(key) + "\n")
				if cerr := f.Close(); ferr == nil {
					ferr = cerr
				}
			}
			if ferr != nil && !errors.Is(ferr, fs.ErrExist) {
				a.kekErr = fmt.Errorf("app: write %s: %w", path, ferr)
				return
			}
			b, err = os.ReadFile(path) // another instance may have won the race
		}
		if err != nil {
			a.kekErr = fmt.Errorf("app: read %s: %w", path, err)
			return
		}
		a.kek, a.kekErr = docsign.ParseKEK(strings.TrimSpace(string(b)))
	})
	return a.kek, a.kekErr
}

// unitSigningKey returns the issuing unit's SM2 key, making and storing one
// the first time the unit issues a document.
func (a *App) unitSigningKey(ctx context.Context, unitID int64) (*sm2.PrivateKey, *store.SigningKey, error) {
	kek, err := a.signingKEK()
	if err != nil {
		return nil, nil, err
	}
	var k *store.SigningKey
	// Two first documents of a unit issued at once race to make its key:
	// the loser finds the winner's key on its second pass.
	for range 2 {
		if err = a.makeSigningKey(ctx, unitID, kek, &k); zhongshu.ErrorCode(err) != zhongshu.CodeConflict {
			break
		}
	}
	if err != nil {
		return nil, nil, err
	}
	priv, err := docsign.OpenPrivateKey(k.PrivatePEM, kek)
	if err != nil {
		return nil, nil, fmt.Errorf("app: signing key of unit %d: %w", unitID, err)
	}
	return priv, k, nil
}

// makeSigningKey finds the unit's key into *k, or makes and stores one.
func (a *App) makeSigningKey(ctx context.Context, unitID int64, kek []byte, k **store.SigningKey) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		found, err := tx.FindSigningKey(ctx, unitID)
		if err == nil {
			*k = found
			return nil
		}
		if zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
			return err
		}
		priv, err := docsign.GenerateKey(rand.Reader)
		if err != nil {
			return err
		}
		sealed, err := docsign.SealPrivateKey(priv, kek)
		if err != nil {
			return err
		}
		pub, err := docsign.PublicKeyPEM(&priv.PublicKey)
		if err != nil {
			return err
		}
		made := &store.SigningKey{UnitID: unitID, KeyID: docsign.Fingerprint(&priv.PublicKey), PublicPEM: pub,
			PrivatePEM: sealed}
		if err := tx.CreateSigningKey(ctx, made); err != nil {
			return err
		}
		*k = made
		return a.record(ctx, tx, nil, event{action: "signing_key.create", objectType: "unit", objectID: unitID,
			detail: "生成发文签名密钥（SM2），密钥标识 " + made.KeyID[:16]})
	})
}

// UnitPublicKey returns the registered public key (PEM) of the unit whose
// key has the given id, for verifying a signed rendition; not found if no
// unit has it.
func (a *App) UnitPublicKey(ctx context.Context, keyID string) (string, int64, error) {
	var k *store.SigningKey
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		k, err = tx.FindSigningKeyByID(ctx, keyID)
		return err
	})
	if err != nil {
		return "", 0, err
	}
	return k.PublicPEM, k.UnitID, nil
}

// OutgoingIssuerKey returns the registered public key (PEM) of the unit
// that signed document id, and the unit's name, for someone who may see the
// document: with it `zhongshu doc verify --pubkey` checks that the
// signature is the county's, not merely self-consistent.
func (a *App) OutgoingIssuerKey(ctx context.Context, actor *zhongshu.Actor, id int64) (string, string, error) {
	var pem, name string
	err := a.db.View(ctx, func(tx *store.Tx) error {
		d, err := a.outgoingForActor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if d.RenditionID == 0 {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "该公文尚未签名。")
		}
		k, err := tx.FindSigningKey(ctx, d.Lead())
		if err != nil {
			return err
		}
		pem = k.PublicPEM
		if len(d.Issuers) > 0 {
			name = d.Issuers[0].Name
		}
		return nil
	})
	return pem, name, err
}
