import MICommands

ToolMain.run(QuantilesCommand.self)
