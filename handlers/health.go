package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

func healthz(c echo.Context) error {
	return render(c, http.StatusOK, map[string]string{"status": "ok"})
}

type checkResult struct {
	Status string `json:"status"`
}

// readyz probes every dependency at once, each with a short timeout. Only
// a failing critical dependency (the store) answers 503; a failing cache or
// calendar degrades the service but keeps it in the load balancer.
func readyz(checks []Check, log *slog.Logger) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		results := make(map[string]checkResult, len(checks))
		var mu sync.Mutex
		var wg sync.WaitGroup
		status, code := "ok", http.StatusOK
		for _, ch := range checks {
			wg.Go(func() {
				res := checkResult{Status: "ok"}
				if err := ch.Run(ctx); err != nil {
					// The detail goes to the log, not to an unauthenticated client.
					log.Warn("readiness check failing", "check", ch.Name, "error", err)
					res = checkResult{Status: "failing"}
				}
				mu.Lock()
				defer mu.Unlock()
				results[ch.Name] = res
				if res.Status != "ok" {
					if ch.Critical {
						status, code = "unavailable", http.StatusServiceUnavailable
					} else if status == "ok" {
						status = "degraded"
					}
				}
			})
		}
		wg.Wait()
		return render(c, code, map[string]any{"status": status, "checks": results})
	}
}
