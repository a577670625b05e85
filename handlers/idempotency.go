package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/booking"
)

// HeaderIdempotencyKey names the request header of idempotent POSTs.
const HeaderIdempotencyKey = "Idempotency-Key"

// replayedHeaders are the response headers kept with an idempotent answer.
var replayedHeaders = []string{echo.HeaderContentType, echo.HeaderLocation}

// bufferWriter collects a response so that it can be stored and replayed.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *bufferWriter) Header() http.Header         { return w.header }
func (w *bufferWriter) Write(p []byte) (int, error) { return w.body.Write(p) }
func (w *bufferWriter) WriteHeader(status int)      { w.status = status }

// idempotent makes a POST honour Idempotency-Key: the first answer for a
// key (scoped to the caller's token) is stored for 24 hours and replayed
// for the same request; the key with another body is 422; a retry while
// the first is in flight is 409 with Retry-After.
func idempotent(svc *booking.Service) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := c.Request().Header.Get(HeaderIdempotencyKey)
			if key == "" {
				return next(c)
			}
			if len(key) > 255 {
				return checkins.Invalid(HeaderIdempotencyKey, "must be at most 255 characters")
			}
			body, err := io.ReadAll(c.Request().Body)
			if err != nil {
				return decodeProblem(err)
			}
			c.Request().Body = io.NopCloser(bytes.NewReader(body))
			scope := sha256.Sum256([]byte(c.Request().Header.Get(echo.HeaderAuthorization)))
			fp := sha256.Sum256(append([]byte(c.Request().Method+" "+c.Request().URL.Path+"\n"), body...))
			res := c.Response()
			resp, replayed, err := svc.Idempotent(c.Request().Context(), hex.EncodeToString(scope[:16])+":"+key, hex.EncodeToString(fp[:]),
				func() booking.Response {
					orig := res.Writer
					buf := &bufferWriter{header: http.Header{}, status: http.StatusOK}
					res.Writer = buf
					func() {
						// Put the real writer back even if the handler panics.
						defer func() { res.Writer, res.Committed, res.Size = orig, false, 0 }()
						if err := next(c); err != nil {
							c.Error(err)
						}
					}()
					out := booking.Response{Status: buf.status, Body: buf.body.Bytes(), Header: map[string]string{}}
					for _, h := range replayedHeaders {
						if v := buf.header.Get(h); v != "" {
							out.Header[h] = v
						}
					}
					for h, v := range buf.header {
						res.Header()[h] = v
					}
					return out
				})
			if err != nil {
				return err
			}
			for h, v := range resp.Header {
				res.Header().Set(h, v)
			}
			if replayed {
				res.Header().Set("Idempotent-Replayed", "true")
			}
			res.WriteHeader(resp.Status)
			_, err = res.Write(resp.Body)
			return err
		}
	}
}
