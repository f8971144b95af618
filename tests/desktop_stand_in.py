"""A desktop's org.freedesktop.ScreenSaver, as far as backwalk meets it: run on a test's own bus.

It answers Inhibit and UnInhibit as GNOME and KDE do, and prints, a line
each, who inhibits, who lets go, and who holding an inhibitor leaves the
bus (a desktop then drops that inhibitor: it dies with its process).
"""

from jeepney import MatchRule, message_bus, new_method_return
from jeepney.io.blocking import open_dbus_connection

conn = open_dbus_connection(bus="SESSION")
conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.ScreenSaver"))
gone = MatchRule(type="signal", interface="org.freedesktop.DBus", member="NameOwnerChanged")
conn.send_and_get_reply(message_bus.AddMatch(gone))
print("ready", flush=True)
holders = {}
cookie = 0
while True:
    msg = conn.receive()
    member = msg.header.fields.get(3)  # HeaderFields.member
    sender = msg.header.fields.get(7)  # HeaderFields.sender
    if member == "Inhibit":
        cookie += 1
        holders[cookie] = sender
        conn.send(new_method_return(msg, "u", (cookie,)))
        print(f"inhibit {sender} {cookie}", flush=True)
    elif member == "UnInhibit":
        (number,) = msg.body
        holders.pop(number, None)
        conn.send(new_method_return(msg))
        print(f"uninhibit {sender} {number}", flush=True)
    elif member == "NameOwnerChanged":
        name, _old, new = msg.body
        if not new and name in holders.values():
            print(f"gone {name}", flush=True)
