// Package docsign signs the 签发 record of an issued 公文 with SM2 and
// verifies it against the document of record, a PDF rendition.
//
// What is signed is a Record: the 发文字号, title, issuing unit, the
// 签发人 with their opinions, the 成文日期 and the SM3 digest and size of
// the rendition. Signing the record rather than the PDF bytes alone means a
// verifier learns who signed what, and that the PDF in hand is the one they
// signed. This is the 不可否认性 (GB/T 39786-2021 8.4 h) hook for 签发
// (DOMAIN.md §10.3).
//
// Each issuing unit has its own SM2 key. Its private key is kept sealed
// with SM4-GCM under a key-encryption key (KEK) held outside the database;
// its public key is registered with the county so that a verifier need not
// trust the key that travels inside a signature file.
package docsign

import (
	"crypto/cipher"
	"crypto/ecdsa"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"
)

// KEKSize is the length in bytes of a key-encryption key: an SM4 key.
const KEKSize = 16

// PEM block types written and accepted by this package.
const (
	PrivateKeyPEMType = "ZHONGSHU SM2 PRIVATE KEY"
	PublicKeyPEMType  = "PUBLIC KEY"
)

// sealAAD binds a sealed private key to its purpose, so that the same KEK
// used to seal something else cannot be made to yield a signing key.
var sealAAD = []byte("zhongshu-docsign/1 sm2 private key")

// ErrWrongKEK is returned by OpenPrivateKey when the SM4-GCM seal does not
// open: the key-encryption key is wrong or the sealed key was altered.
var ErrWrongKEK = errors.New("无法解开私钥：密钥加密密钥（KEK）不正确，或私钥文件已被改动")

// GenerateKey returns a new SM2 key for an issuing unit.
func GenerateKey(rand io.Reader) (*sm2.PrivateKey, error) {
	key, err := sm2.GenerateKey(rand)
	if err != nil {
		return nil, fmt.Errorf("docsign.GenerateKey: %w", err)
	}
	return key, nil
}

// NewKEK returns a new random key-encryption key of KEKSize bytes. Store
// it hex-encoded (see ParseKEK) apart from the database that holds the
// sealed keys.
func NewKEK(rand io.Reader) ([]byte, error) {
	kek := make([]byte, KEKSize)
	if _, err := io.ReadFull(rand, kek); err != nil {
		return nil, fmt.Errorf("docsign.NewKEK: %w", err)
	}
	return kek, nil
}

// ParseKEK decodes a hex-encoded key-encryption key of KEKSize bytes.
func ParseKEK(s string) ([]byte, error) {
	kek, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("密钥加密密钥（KEK）应为 %d 位十六进制数：%w", 2*KEKSize, err)
	}
	if len(kek) != KEKSize {
		return nil, fmt.Errorf("密钥加密密钥（KEK）应为 %d 位十六进制数，实为 %d 位", 2*KEKSize, 2*len(kek))
	}
	return kek, nil
}

// newGCM returns SM4-GCM under kek.
func newGCM(kek []byte) (cipher.AEAD, error) {
	if len(kek) != KEKSize {
		return nil, fmt.Errorf("密钥加密密钥（KEK）应为 %d 字节，实为 %d 字节", KEKSize, len(kek))
	}
	block, err := sm4.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// SealPrivateKey encrypts key's PKCS#8 DER encoding with SM4-GCM under kek
// and returns it as a PEM block of type PrivateKeyPEMType. The block's
// headers carry the cipher, the hex nonce and the key id (Fingerprint of
// the public key), so that an operator can tell which unit's key a file
// holds without opening it; the key id is checked again on opening.
func SealPrivateKey(key *sm2.PrivateKey, kek []byte) (string, error) {
	if key == nil {
		return "", errors.New("docsign.SealPrivateKey: no key")
	}
	aead, err := newGCM(kek)
	if err != nil {
		return "", fmt.Errorf("docsign.SealPrivateKey: %w", err)
	}
	der, err := smx509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", fmt.Errorf("docsign.SealPrivateKey: %w", err)
	}
	defer clear(der)
	nonce := make([]byte, aead.NonceSize())
	if _, err := io.ReadFull(crand.Reader, nonce); err != nil {
		return "", fmt.Errorf("docsign.SealPrivateKey: %w", err)
	}
	block := &pem.Block{
		Type: PrivateKeyPEMType,
		Headers: map[string]string{
			"Cipher": "SM4-GCM",
			"Nonce":  hex.EncodeToString(nonce),
			"Key-Id": Fingerprint(&key.PublicKey),
		},
		Bytes: aead.Seal(nil, nonce, der, sealAAD),
	}
	return string(pem.EncodeToMemory(block)), nil
}

// OpenPrivateKey decrypts a private key sealed by SealPrivateKey. A wrong
// kek, or any change to the sealed bytes or nonce, gives ErrWrongKEK.
func OpenPrivateKey(pemText string, kek []byte) (*sm2.PrivateKey, error) {
	block, rest := pem.Decode([]byte(pemText))
	if block == nil || block.Type != PrivateKeyPEMType || strings.TrimSpace(string(rest)) != "" {
		return nil, fmt.Errorf("docsign.OpenPrivateKey: 不是一个 %q PEM 块", PrivateKeyPEMType)
	}
	if c := block.Headers["Cipher"]; c != "SM4-GCM" {
		return nil, fmt.Errorf("docsign.OpenPrivateKey: 不支持的加密算法 %q", c)
	}
	aead, err := newGCM(kek)
	if err != nil {
		return nil, fmt.Errorf("docsign.OpenPrivateKey: %w", err)
	}
	nonce, err := hex.DecodeString(block.Headers["Nonce"])
	if err != nil || len(nonce) != aead.NonceSize() {
		return nil, fmt.Errorf("docsign.OpenPrivateKey: Nonce 头无效")
	}
	der, err := aead.Open(nil, nonce, block.Bytes, sealAAD)
	if err != nil {
		return nil, ErrWrongKEK
	}
	defer clear(der)
	parsed, err := smx509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("docsign.OpenPrivateKey: %w", err)
	}
	key, ok := parsed.(*sm2.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("docsign.OpenPrivateKey: 不是 SM2 私钥（%T）", parsed)
	}
	if id := block.Headers["Key-Id"]; id != "" && id != Fingerprint(&key.PublicKey) {
		return nil, fmt.Errorf("docsign.OpenPrivateKey: Key-Id 头与私钥不符")
	}
	return key, nil
}

// PublicKeyPEM encodes an SM2 public key as a PKIX "PUBLIC KEY" PEM block.
func PublicKeyPEM(pub *ecdsa.PublicKey) (string, error) {
	der, err := publicKeyDER(pub)
	if err != nil {
		return "", fmt.Errorf("docsign.PublicKeyPEM: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: PublicKeyPEMType, Bytes: der})), nil
}

// ParsePublicKeyPEM decodes a PEM "PUBLIC KEY" block holding an SM2
// public key. Anything after the block other than white space is refused.
func ParsePublicKeyPEM(pemText string) (*ecdsa.PublicKey, error) {
	block, rest := pem.Decode([]byte(pemText))
	if block == nil || block.Type != PublicKeyPEMType || strings.TrimSpace(string(rest)) != "" {
		return nil, errors.New("不是一个 PUBLIC KEY PEM 块")
	}
	parsed, err := smx509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("公钥无法解析：%w", err)
	}
	pub, ok := parsed.(*ecdsa.PublicKey)
	if !ok || pub.Curve != sm2.P256() {
		return nil, errors.New("不是 SM2 公钥")
	}
	return pub, nil
}

// Fingerprint returns the key id of an SM2 public key: the hex SM3 digest
// of its PKIX DER encoding. It returns "" for a key that is not SM2.
func Fingerprint(pub *ecdsa.PublicKey) string {
	der, err := publicKeyDER(pub)
	if err != nil {
		return ""
	}
	sum := sm3.Sum(der)
	return hex.EncodeToString(sum[:])
}

func publicKeyDER(pub *ecdsa.PublicKey) ([]byte, error) {
	if pub == nil || pub.Curve != sm2.P256() {
		return nil, errors.New("不是 SM2 公钥")
	}
	return smx509.MarshalPKIXPublicKey(pub)
}
