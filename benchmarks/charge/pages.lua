-- Pages d'une collectivité, session ouverte (cookie COOKIE) : chaque requête demande une
-- page tirée au hasard parmi les PAGES premières de CHEMIN, sans délai (chaque connexion
-- recharge dès qu'elle a reçu la page précédente).
package.path = os.getenv("CHARGE_LUA") .. "/?.lua;" .. package.path
require("commun")

local chemin = os.getenv("CHEMIN")
local pages = tonumber(os.getenv("PAGES") or "1")
wrk.headers["Cookie"] = os.getenv("COOKIE")

function request()
  return wrk.format("GET", chemin .. "?annee=2026&page=" .. math.random(1, pages))
end

function done(summary, latency, requests)
  resumer("GET " .. chemin .. "?page=1.." .. pages .. " (session ouverte)", summary, latency)
end
