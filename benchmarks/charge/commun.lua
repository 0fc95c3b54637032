-- Résumé commun aux scénarios de charge (wrk) : débit obtenu, latences, erreurs.
-- wrk mesure chaque requête de son envoi à la fin de la réponse ; les centiles sont en
-- microsecondes dans `latency`.
function resumer(titre, summary, latency)
  local secondes = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("%s\n", titre))
  io.write(string.format("requêtes : %d en %.1f s, soit %.0f req/s\n",
    summary.requests, secondes, summary.requests / secondes))
  io.write(string.format("latence (ms) : p50 %.1f ; p90 %.1f ; p99 %.1f ; p99,9 %.1f ; maximum %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("erreurs : connexion %d, lecture %d, écriture %d, délai %d, statut non 2xx %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
end
