#!/usr/bin/env python3
"""Make a Payara Server 6 domain loopback-only and move its ports, by editing domain.xml.

Run it on a domain that has never been started (the server rewrites domain.xml while it runs).

  loopback-domain.py DOMAIN_XML --port-base 30000 [--jvm-option -Dx=y ...]

What it changes, in server-config (the DAS) and default-config (the template for new instances):
  * http-listener-1, http-listener-2, admin-listener: address="127.0.0.1"
  * every iiop-listener and the jmx-connector: address="127.0.0.1"
  * the embedded JMS broker: jms-service start-args -Dimq.hostname=127.0.0.1, jms-host 127.0.0.1
  * phone home off (Payara Server calls home by default; a test server must not talk to the world)
  * JVM options -Dh2.bindAddress=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1
    -Djava.net.preferIPv4Stack=true, plus every --jvm-option given (server-config only)
and on the domain: the Hazelcast data grid binds and publishes 127.0.0.1.

Ports (server-config only), relative to --port-base B: admin B+48, HTTP B+80, HTTPS B+81,
IIOP B+37/B+38/B+39, JMS B+76, JMX B+86, debugger B+9, Hazelcast DAS B+90 (members from B+100).
The chosen ports are printed as NAME=PORT lines for the calling script.

Finally it checks its own work: no 0.0.0.0 left, every listener with an address.
"""
import argparse
import sys
import xml.etree.ElementTree as ET

LOOPBACK = "127.0.0.1"
LOOPBACK_JVM_OPTIONS = [
    "-Dh2.bindAddress=" + LOOPBACK,
    "-Djava.rmi.server.hostname=" + LOOPBACK,
    "-Djava.net.preferIPv4Stack=true",
]
PORT_OFFSETS = {
    "ADMIN_PORT": 48,
    "HTTP_PORT": 80,
    "HTTPS_PORT": 81,
    "IIOP_PORT": 37,
    "IIOP_SSL_PORT": 38,
    "IIOP_MUTUALAUTH_PORT": 39,
    "JMS_PORT": 76,
    "JMX_PORT": 86,
    "DEBUG_PORT": 9,
    "HAZELCAST_DAS_PORT": 90,
    "HAZELCAST_START_PORT": 100,
}
LISTENER_PORTS = {
    "http-listener-1": "HTTP_PORT",
    "http-listener-2": "HTTPS_PORT",
    "admin-listener": "ADMIN_PORT",
}
IIOP_PORTS = {
    "orb-listener-1": "IIOP_PORT",
    "SSL": "IIOP_SSL_PORT",
    "SSL_MUTUALAUTH": "IIOP_MUTUALAUTH_PORT",
}


def fail(message):
    print("loopback-domain.py: " + message, file=sys.stderr)
    sys.exit(1)


def one(parent, path, what):
    found = parent.find(path)
    if found is None:
        fail("domain.xml has no " + what)
    return found


def option_key(option):
    """-Dname=value and -Dname are the same option; anything else is compared whole."""
    return option.split("=", 1)[0] if option.startswith("-D") else option


def set_jvm_options(java_config, options):
    keys = {option_key(o) for o in options}
    for existing in list(java_config.findall("jvm-options")):
        if option_key((existing.text or "").strip()) in keys:
            java_config.remove(existing)
    for option in options:
        ET.SubElement(java_config, "jvm-options").text = option


def set_system_property(config, name, value):
    for prop in config.findall("system-property"):
        if prop.get("name") == name:
            prop.set("value", value)
            return
    ET.SubElement(config, "system-property", {"name": name, "value": value})


def loopback_jms(config):
    jms = config.find("jms-service")
    if jms is None:
        # server-config has none by default: the broker then uses its defaults (all interfaces).
        jms = ET.SubElement(config, "jms-service", {
            "type": "EMBEDDED", "default-jms-host": "default_JMS_host"})
        ET.SubElement(jms, "jms-host", {
            "name": "default_JMS_host", "host": LOOPBACK, "port": "${JMS_PROVIDER_PORT}",
            "admin-user-name": "admin", "admin-password": "admin", "lazy-init": "true"})
    args = jms.get("start-args", "")
    if "-Dimq.hostname=" not in args:
        jms.set("start-args", (args + " -Dimq.hostname=" + LOOPBACK).strip())
    for host in jms.findall("jms-host"):
        host.set("host", LOOPBACK)


def phone_home_off(config):
    element = config.find("phone-home-runtime-configuration")
    if element is None:
        element = ET.SubElement(config, "phone-home-runtime-configuration")
    element.set("enabled", "false")


def edit_config(config, ports, extra_jvm_options):
    is_das = ports is not None
    listeners = one(config, "network-config/network-listeners", "network-listeners")
    for listener in listeners.findall("network-listener"):
        listener.set("address", LOOPBACK)
        if is_das and listener.get("name") in LISTENER_PORTS:
            listener.set("port", str(ports[LISTENER_PORTS[listener.get("name")]]))
    for iiop in config.findall("iiop-service/iiop-listener"):
        iiop.set("address", LOOPBACK)
        if is_das and iiop.get("id") in IIOP_PORTS:
            iiop.set("port", str(ports[IIOP_PORTS[iiop.get("id")]]))
    for jmx in config.findall("admin-service/jmx-connector"):
        jmx.set("address", LOOPBACK)
        if is_das:
            jmx.set("port", str(ports["JMX_PORT"]))
    loopback_jms(config)
    phone_home_off(config)
    java_config = one(config, "java-config", "java-config in " + config.get("name"))
    if is_das:
        set_system_property(config, "JMS_PROVIDER_PORT", str(ports["JMS_PORT"]))
        java_config.set("debug-options",
                        "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=%s:%d"
                        % (LOOPBACK, ports["DEBUG_PORT"]))
        set_jvm_options(java_config, LOOPBACK_JVM_OPTIONS + extra_jvm_options)
    else:
        set_jvm_options(java_config, LOOPBACK_JVM_OPTIONS)


def check(root):
    problems = []
    for element in root.iter():
        for name, value in element.attrib.items():
            if value == "0.0.0.0":
                problems.append("%s %s=0.0.0.0" % (element.tag, name))
        if element.tag in ("network-listener", "iiop-listener", "jmx-connector") \
                and element.get("address") != LOOPBACK:
            problems.append("%s %s without address=%s" % (
                element.tag, element.get("name") or element.get("id"), LOOPBACK))
    if problems:
        fail("still not loopback-only: " + "; ".join(problems))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("domain_xml")
    parser.add_argument("--port-base", type=int, required=True)
    parser.add_argument("--jvm-option", action="append", default=[],
                        help="a JVM option for the DAS (repeat for more)")
    args = parser.parse_args()
    if not 1024 <= args.port_base <= 65535 - 200:
        fail("--port-base must be between 1024 and 65335")
    ports = {name: args.port_base + offset for name, offset in PORT_OFFSETS.items()}

    tree = ET.parse(args.domain_xml, ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    root = tree.getroot()
    if root.tag != "domain":
        fail(args.domain_xml + " is not a domain.xml")

    hazelcast = root.find("hazelcast-runtime-configuration")
    if hazelcast is None:
        hazelcast = ET.SubElement(root, "hazelcast-runtime-configuration")
    hazelcast.set("das-bind-address", LOOPBACK)
    hazelcast.set("das-public-address", LOOPBACK)
    hazelcast.set("das-port", str(ports["HAZELCAST_DAS_PORT"]))
    hazelcast.set("start-port", str(ports["HAZELCAST_START_PORT"]))

    configs = {c.get("name"): c for c in root.findall("configs/config")}
    if "server-config" not in configs:
        fail("domain.xml has no server-config")
    edit_config(configs["server-config"], ports, args.jvm_option)
    if "default-config" in configs:
        edit_config(configs["default-config"], None, [])

    check(root)
    ET.indent(tree, space="    ")
    tree.write(args.domain_xml, encoding="UTF-8", xml_declaration=True)
    for name, port in ports.items():
        print("%s=%d" % (name, port))


if __name__ == "__main__":
    main()
