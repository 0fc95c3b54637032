-- POST /api/v1/eligibilite, corps lu dans le fichier CORPS. Chaque connexion attend
-- INTERVALLE_MS millisecondes entre la fin d'une réponse et l'envoi de la requête suivante :
-- avec C connexions, le débit visé est d'environ C × 1000 / INTERVALLE_MS requêtes/s (un
-- peu moins, la latence s'ajoutant à l'intervalle ; le débit obtenu est affiché).
package.path = os.getenv("CHARGE_LUA") .. "/?.lua;" .. package.path
require("commun")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("CORPS"), "rb"))
wrk.body = f:read("*a")
f:close()
local intervalle = tonumber(os.getenv("INTERVALLE_MS") or "0")

function delay()
  return intervalle
end

function done(summary, latency, requests)
  resumer("POST /api/v1/eligibilite", summary, latency)
end
