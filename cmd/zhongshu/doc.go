package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/docsign"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const docUsage = "usage: zhongshu doc verify [--sig FILE.sig] [--pubkey KEY.pem | --registry --data DIR | --registry --db URL] FILE.pdf"

// cmdDoc checks an exported 公文 against its signature file:
//
//	zhongshu doc verify 城政发〔2026〕5号.pdf
//	zhongshu doc verify --pubkey 县政府.pem --sig other.sig 城政发〔2026〕5号.pdf
//
// The signature file defaults to the PDF's name + ".sig", the sidecar
// written when a document is exported. --pubkey names the issuing unit's
// public key as registered with the county; without it only the key that
// travels in the signature file is used, which proves that the record and
// the PDF agree but not who signed. A failed check is a verifyError (exit
// status 3), as for `audit verify`. It needs no database.
func cmdDoc(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{docUsage}
	}
	var sigPath, keyPath, dataDir, dbURL string
	var registry bool
	fs := flag.NewFlagSet("doc verify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&sigPath, "sig", "", "签名文件（默认为 FILE.pdf.sig）")
	fs.StringVar(&keyPath, "pubkey", "", "本县登记的发文单位公钥（PEM）")
	fs.BoolVar(&registry, "registry", false, "以本县数据库中登记的发文单位公钥核验")
	fs.StringVar(&dataDir, "data", "", "数据目录（与 --registry 同用）")
	fs.StringVar(&dbURL, "db", "", "数据库地址（与 --registry 同用）")
	files, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return usageError{fmt.Sprintf("doc verify: %v\n%s", err, docUsage)}
	}
	if len(files) != 1 {
		return usageError{docUsage}
	}
	pdfPath := files[0]
	if sigPath == "" {
		sigPath = pdfPath + ".sig"
	}

	var trusted *ecdsa.PublicKey
	if keyPath != "" {
		text, err := os.ReadFile(keyPath)
		if err != nil {
			return fmt.Errorf("读取公钥文件：%w", err)
		}
		if trusted, err = docsign.ParsePublicKeyPEM(string(text)); err != nil {
			return fmt.Errorf("公钥文件 %s：%w", keyPath, err)
		}
	}
	pdf, err := os.ReadFile(pdfPath)
	if err != nil {
		return fmt.Errorf("读取版式文件：%w", err)
	}
	sigData, err := os.ReadFile(sigPath)
	if err != nil {
		return fmt.Errorf("读取签名文件（可用 --sig 指定）：%w", err)
	}
	env, err := docsign.ParseEnvelope(sigData)
	if err != nil {
		return verifyError{fmt.Sprintf("验证失败：%s：%v", sigPath, err)}
	}
	if registry {
		if keyPath != "" {
			return usageError{"doc verify: --pubkey 与 --registry 只能选一个\n" + docUsage}
		}
		pem, err := registeredKey(ctx, getenv, dataDir, dbURL, env.Record.KeyID)
		if err != nil {
			return err
		}
		if trusted, err = docsign.ParsePublicKeyPEM(pem); err != nil {
			return fmt.Errorf("本县登记的公钥：%w", err)
		}
		keyPath = "本县数据库中登记的公钥"
	}

	// Past the signature check the record is genuine even when the PDF is
	// not, so it is shown then: the reader learns which document the file
	// claims to be.
	verr := docsign.Verify(env, pdf, trusted)
	if verr != nil && !errors.Is(verr, docsign.ErrDigestMismatch) {
		return verifyError{"验证失败：" + verr.Error()}
	}
	printRecord(stdout, env.Record)
	if trusted == nil {
		fmt.Fprintln(stdout, "（未指定本县登记的公钥，仅以签名文件所附公钥验证）")
	} else {
		fmt.Fprintf(stdout, "签名密钥与本县登记的公钥一致（%s）。\n", keyPath)
	}
	if verr != nil {
		return verifyError{"验证失败：签发记录真实，但" + verr.Error()}
	}
	fmt.Fprintln(stdout, "验证通过：签名有效，版式文件未被改动。")
	return nil
}

// printRecord prints the signed 签发 record.
func printRecord(w io.Writer, r docsign.Record) {
	fmt.Fprintf(w, "发文字号：%s\n", r.Number)
	fmt.Fprintf(w, "标题：%s\n", r.Title)
	fmt.Fprintf(w, "发文单位：%s\n", r.IssuerUnit)
	if len(r.Signers) == 0 {
		fmt.Fprintln(w, "签发人：（无）")
	}
	for i, s := range r.Signers {
		label := "签发人："
		if i > 0 {
			label = strings.Repeat(" ", 8) // the width of 签发人：
		}
		fmt.Fprintf(w, "%s%s\n", label, describeSigner(s))
	}
	fmt.Fprintf(w, "成文日期：%s\n", r.WrittenDate)
	fmt.Fprintf(w, "版式文件：%d 字节，SM3 %s\n", r.RenditionSize, r.RenditionSM3)
	fmt.Fprintf(w, "签名时间：%s\n", r.SignedAt.UTC().Format("2006-01-02T15:04:05Z07:00"))
	fmt.Fprintf(w, "密钥标识：%s\n", r.KeyID)
}

// describeSigner renders a 签发人 as "李卫东（代），城关县人民政府，
// 2026-03-05，意见：同意", leaving out what is empty.
func describeSigner(s docsign.Signer) string {
	name := s.Name
	if s.Proxy {
		name += "（代）"
	}
	if s.Circled {
		name += "（圈阅）"
	}
	parts := []string{name}
	if s.Unit != "" {
		parts = append(parts, s.Unit)
	}
	if s.Date != "" {
		parts = append(parts, s.Date)
	}
	if s.Opinion != "" {
		parts = append(parts, "意见："+s.Opinion)
	}
	return strings.Join(parts, "，")
}

// parseInterspersed parses fs from args, allowing flags after positional
// arguments (the flag package stops at the first), and returns the
// positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// registeredKey looks up, in the county's database, the public key
// registered under keyID; a key nobody registered is a failed check.
func registeredKey(ctx context.Context, getenv func(string) string, dataDir, dbURL, keyID string) (string, error) {
	cfg := config.Default()
	var args []string
	if dataDir != "" {
		args = append(args, "--data", dataDir)
	}
	if dbURL != "" {
		args = append(args, "--db", dbURL)
	}
	if _, err := parse("doc verify", args, &cfg, getenv, nil); err != nil {
		return "", err
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer db.Close()
	pem, _, err := app.New(db, cfg, nil, nil).UnitPublicKey(ctx, keyID)
	if zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
		return "", verifyError{"验证失败：" + docsign.ErrUntrustedKey.Error() + "（密钥标识 " + keyID + " 未在本县登记）"}
	}
	return pem, err
}
