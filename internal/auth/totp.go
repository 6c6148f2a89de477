package auth

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTPPeriod is the length of one TOTP step.
const TOTPPeriod = 30

// NewTOTP generates a secret for account under issuer and returns the
// secret, the otpauth:// URL and a PNG QR code as a data: URL.
func NewTOTP(issuer, account string) (secret, url, qr string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: TOTPPeriod})
	if err != nil {
		return "", "", "", fmt.Errorf("auth: generate TOTP: %w", err)
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return "", "", "", fmt.Errorf("auth: TOTP image: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", "", "", fmt.Errorf("auth: TOTP image: %w", err)
	}
	return key.Secret(), key.URL(), "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// CheckTOTP checks code against secret at now, allowing one step of clock
// drift either way. It returns the matched time step, which must be greater
// than lastStep so that a code is never accepted twice.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	cur := now.Unix() / TOTPPeriod
	for _, s := range []int64{cur - 1, cur, cur + 1} {
		if s <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*TOTPPeriod, 0), totp.ValidateOpts{
			Period: TOTPPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && len(code) == 6 && want == code {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode returns the code for secret at t (for tests and tools).
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: TOTPPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}
